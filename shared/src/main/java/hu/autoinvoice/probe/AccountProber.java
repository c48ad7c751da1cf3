package hu.autoinvoice.probe;

import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.account.AccountWrite;
import hu.autoinvoice.account.AgentKeyVault;
import hu.autoinvoice.account.ReceiptSettingsCheck;
import hu.autoinvoice.agent.AgentError;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.AgentResult;
import hu.autoinvoice.agent.InvoiceData;
import hu.autoinvoice.agent.InvoicePreview;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.invoice.DocumentType;
import hu.autoinvoice.invoice.PreviewSample;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes one account (docs/DESIGN.md §6): decrypts its key, makes the one sentinel query (plus a preview create when the
 * account is in a prefix / e-invoice problem and the key works), writes the resulting status change with
 * optimistic locking — re-reading and re-deciding on a conflict, with the same Agent answers — or records the probe
 * time, then backfills parked invoices when the account is healthy and its backfill is due.
 *
 * <p>Every status change is one structured log event ({@code account_status_changed}: accountId, from, to, reason)
 * and one {@link ProbeMetrics#STATUS_CHANGED} count. Nothing logged here contains a key.
 */
public final class AccountProber {

    /** The external id the probe queries: never issued, so a working key gets "not found" (7). */
    public static final String SENTINEL_EXTERNAL_ID = "ai:probe:sentinel";
    /** External id and order number of the probe's preview; nothing is created under them. */
    public static final String PREVIEW_EXTERNAL_ID = "ai:probe:preview";
    public static final String PREVIEW_ORDER_NUMBER = "ai-probe-preview";

    private static final Logger LOG = LoggerFactory.getLogger(AccountProber.class);
    private static final int MAX_WRITE_ATTEMPTS = 5;

    private final AccountStore accounts;
    private final AgentKeyVault vault;
    private final SzamlaAgentClient agent;
    private final InvoiceBackfill backfill;
    private final PendingOutcomes outcomes;
    private final ProbeMetrics metrics;
    private final Clock clock;
    private final ReceiptSettingsCheck receipts;

    public AccountProber(AccountStore accounts, AgentKeyVault vault, SzamlaAgentClient agent,
            InvoiceBackfill backfill, PendingOutcomes outcomes, ProbeMetrics metrics, Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.agent = Objects.requireNonNull(agent, "agent");
        this.backfill = Objects.requireNonNull(backfill, "backfill");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.receipts = new ReceiptSettingsCheck(agent, clock);
    }

    /**
     * Probes {@code account} as read by the scan.
     *
     * @param mayBackfill asked before a due backfill starts; false (time is short) defers it to the next run
     */
    AccountProbeResult probe(Account account, BooleanSupplier mayBackfill) {
        AccountProbeResult result = query(account, mayBackfill);
        int published = outcomes.publish(account.accountId());
        if (published > 0) {
            LOG.info("account {}: {} outcome event(s) left pending by a failed publish were published", account.accountId(),
                    published);
            for (int i = 0; i < published; i++) {
                metrics.increment(ProbeMetrics.OUTCOMES_SWEPT);
            }
        }
        return result;
    }

    private AccountProbeResult query(Account account, BooleanSupplier mayBackfill) {
        boolean queried = false;
        try {
            AgentKey key = vault.decrypt(account.accountId(), account.encryptedKey());
            AgentResult<InvoiceData> query = agent.queryByExternalId(key, SENTINEL_EXTERNAL_ID);
            queried = true;
            metrics.increment(ProbeMetrics.PROBED);
            Optional<AgentResult<InvoicePreview>> preview = ProbeVerdict.previewNeeded(account.status(), query)
                    ? Optional.of(agent.previewInvoice(key, account.invoiceSettings(),
                            PreviewSample.draft(PREVIEW_EXTERNAL_ID, PREVIEW_ORDER_NUMBER, clock)))
                    : Optional.empty();
            if (account.documentType() == DocumentType.RECEIPT && preview.filter(AgentResult::isOk).isPresent()) {
                // the invoice preview says nothing of the receipt prefix (its 336 / 8 marked the account): the
                // account is healthy again only when its receipts would go through too
                Optional<AgentError> receiptProblem = receipts.check(key, account.accountId(),
                        account.receiptPrefix().orElseThrow());
                if (receiptProblem.isPresent()) {
                    preview = Optional.of(AgentResult.failed(receiptProblem.get()));
                }
            }
            return apply(account, query, preview, mayBackfill);
        } catch (RuntimeException e) {
            // KMS or DynamoDB trouble: nothing decided for this account; the messages carry no key material
            LOG.warn("probe of account {} failed: {}", account.accountId(), e.toString());
            metrics.increment(ProbeMetrics.FAILED);
            return AccountProbeResult.failure(queried);
        }
    }

    private AccountProbeResult apply(Account probed, AgentResult<InvoiceData> query,
            Optional<AgentResult<InvoicePreview>> preview, BooleanSupplier mayBackfill) {
        Account current = probed;
        boolean changed = false;
        boolean inconclusive = false;
        for (int attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
            ProbeVerdict verdict = ProbeVerdict.of(current.status(), query, preview);
            inconclusive = verdict instanceof ProbeVerdict.Inconclusive;
            Instant now = clock.instant();
            AccountStatus from = current.status();
            Optional<AccountStatus> to = verdict.status().filter(s -> s != from);
            AccountWrite write = to.isPresent()
                    ? accounts.changeStatus(current, to.get(), verdict.reason(), now)
                    : accounts.recordProbe(current, now);
            if (write instanceof AccountWrite.Written written) {
                if (to.isPresent()) {
                    changed = true;
                    statusChanged(current.accountId(), from, to.get(), verdict.reason());
                }
                if (inconclusive) {
                    metrics.increment(ProbeMetrics.INCONCLUSIVE);
                    LOG.info("probe of account {} inconclusive, status {} kept: {}", current.accountId(), from,
                            verdict.reason());
                }
                return withBackfill(written.account(), changed, inconclusive, mayBackfill);
            }
            Optional<Account> reread = accounts.find(current.accountId());
            if (reread.isEmpty() || !reread.get().encryptedKey().equals(probed.encryptedKey())) {
                // disconnected, or reconnected with another key (the connect API checked that one itself)
                return AccountProbeResult.gone(changed);
            }
            current = reread.get();
        }
        LOG.warn("probe of account {}: still conflicting after {} attempts, left for the next run",
                current.accountId(), MAX_WRITE_ATTEMPTS);
        metrics.increment(ProbeMetrics.FAILED);
        return AccountProbeResult.failure(true);
    }

    private AccountProbeResult withBackfill(Account account, boolean changed, boolean inconclusive,
            BooleanSupplier mayBackfill) {
        AccountProbeResult.Backfill outcome = AccountProbeResult.Backfill.NOT_DUE;
        if (account.isHealthy()) {
            // every run, not only after a recovery: what was parked or got stuck since is re-enqueued too
            outcome = mayBackfill.getAsBoolean() ? backfill(account) : AccountProbeResult.Backfill.DEFERRED;
        }
        return new AccountProbeResult(true, Optional.of(account.status()), changed, inconclusive, outcome, false, false);
    }

    private AccountProbeResult.Backfill backfill(Account account) {
        int requeued;
        boolean afterRecovery = account.backfillDue();
        try {
            requeued = backfill.backfill(account.accountId(), afterRecovery);
        } catch (RuntimeException e) {
            LOG.warn("backfill of account {} failed, retried next run: {}", account.accountId(), e.toString());
            metrics.increment(ProbeMetrics.BACKFILL_FAILED);
            return AccountProbeResult.Backfill.FAILED;
        }
        if (!afterRecovery) {
            if (requeued > 0) {
                LOG.atInfo().addKeyValue("event", "account_swept").addKeyValue("accountId", account.accountId())
                        .addKeyValue("requeued", requeued)
                        .log("account {}: {} parked or stuck ledger item(s) re-enqueued", account.accountId(), requeued);
                return AccountProbeResult.Backfill.SWEPT;
            }
            return AccountProbeResult.Backfill.NOT_DUE;
        }
        Account current = account;
        for (int attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
            if (accounts.markBackfilled(current) instanceof AccountWrite.Written) {
                LOG.atInfo().addKeyValue("event", "account_backfilled").addKeyValue("accountId", account.accountId())
                        .addKeyValue("requeued", requeued)
                        .log("account {}: recovery backfill done, {} ledger item(s) re-enqueued", account.accountId(),
                                requeued);
                metrics.increment(ProbeMetrics.BACKFILLED);
                return AccountProbeResult.Backfill.DONE;
            }
            Optional<Account> reread = accounts.find(account.accountId());
            if (reread.isEmpty() || !reread.get().backfillDue()
                    || !reread.get().statusSince().equals(account.statusSince())) {
                // gone, marked by someone else, or no longer the healthy period we backfilled
                return AccountProbeResult.Backfill.DONE;
            }
            current = reread.get();
        }
        metrics.increment(ProbeMetrics.BACKFILL_FAILED);
        return AccountProbeResult.Backfill.FAILED;
    }

    private void statusChanged(String accountId, AccountStatus from, AccountStatus to, String reason) {
        LOG.atInfo().addKeyValue("event", "account_status_changed").addKeyValue("accountId", accountId)
                .addKeyValue("from", from).addKeyValue("to", to).addKeyValue("reason", reason)
                .log("account {} status {} -> {}: {}", accountId, from, to, reason);
        metrics.increment(ProbeMetrics.STATUS_CHANGED, Map.of("from", from.name(), "to", to.name()));
    }
}
