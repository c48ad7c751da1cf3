package hu.autoinvoice.connect;

import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.account.AccountWrite;
import hu.autoinvoice.account.AgentKeyVault;
import hu.autoinvoice.account.EncryptedAgentKey;
import hu.autoinvoice.account.FingerprintClaim;
import hu.autoinvoice.account.KeyFingerprinter;
import hu.autoinvoice.agent.AgentKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects, shows and disconnects an organiser's Számlázz.hu account (docs/DESIGN.md §7), and routes the re-issue request.
 * Callers have already checked who may act on {@code accountId} and that it is a valid id.
 *
 * <p>Connect: live check (query a sentinel, preview if a prefix or e-invoices are asked for, and a preview of the
 * receipt prefix as an invoice prefix when receipts are asked for) → claim the key's
 * fingerprint (one key, one account) → KMS-encrypt with the account as context → save with optimistic locking,
 * re-reading and retrying a conflicting write a few times → release the previous key's fingerprint. The account
 * becomes {@code HEALTHY} with {@code statusSince = now}, so the probe re-enqueues its parked invoices
 * ({@link Account#backfillDue()}).
 */
public final class AccountConnector {

    /** How often a conflicting read-modify-write is redone before answering {@link ErrorCode#CONFLICT}. */
    static final int SAVE_ATTEMPTS = 3;
    static final String CONNECTED_REASON = "Connected: Számla Agent accepted the key.";

    private static final Logger LOG = LoggerFactory.getLogger(AccountConnector.class);

    private final AccountStore store;
    private final AgentKeyVault vault;
    private final KeyFingerprinter fingerprinter;
    private final LiveCheck liveCheck;
    private final OpenInvoices open;
    private final Reissuer reissuer;
    private final Clock clock;

    public AccountConnector(AccountStore store, AgentKeyVault vault, KeyFingerprinter fingerprinter, LiveCheck liveCheck,
            OpenInvoices open, Reissuer reissuer, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.fingerprinter = Objects.requireNonNull(fingerprinter, "fingerprinter");
        this.liveCheck = Objects.requireNonNull(liveCheck, "liveCheck");
        this.open = Objects.requireNonNull(open, "open");
        this.reissuer = Objects.requireNonNull(reissuer, "reissuer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The outcome of a connect: connected (with the new status), or refused with the error to answer. */
    public sealed interface ConnectOutcome permits Connected, Refused {}

    public record Connected(ConnectionStatus status) implements ConnectOutcome {}

    public record Refused(ApiError error) implements ConnectOutcome {}

    /** Connects (or reconnects) {@code accountId} with the request's key and choices. */
    public ConnectOutcome connect(String accountId, ConnectRequest request) {
        switch (liveCheck.check(accountId, request)) {
            case LiveCheck.Accepted accepted -> { }
            case LiveCheck.Refused refused -> {
                LOG.info("Connect refused for account {}: {}", accountId, refused.status());
                return new Refused(ApiError.of(ConnectTexts.refusal(refused.status())));
            }
            case LiveCheck.ReceiptsRefused refused -> {
                LOG.info("Connect refused for account {}: {}", accountId, refused.error().code());
                return new Refused(refused.error());
            }
            case LiveCheck.Unavailable unavailable -> {
                LOG.warn("Connect for account {}: Számla Agent unavailable ({})", accountId, unavailable.reason());
                return new Refused(ApiError.of(ErrorCode.AGENT_UNAVAILABLE));
            }
            case LiveCheck.Failed failed ->
                    throw new IllegalStateException("Számla Agent refused the connection check request: " + failed.reason());
        }
        AgentKey key = request.agentKey();
        String fingerprint = fingerprinter.fingerprint(key);
        switch (store.claimFingerprint(fingerprint, accountId)) {
            case FingerprintClaim.Claimed claimed -> { }
            case FingerprintClaim.HeldBy held -> {
                LOG.info("Connect refused for account {}: the key is connected to another account", accountId);
                return new Refused(ApiError.of(ErrorCode.KEY_IN_USE));
            }
            case FingerprintClaim.Contended contended -> {
                return new Refused(ApiError.of(ErrorCode.CONFLICT));
            }
        }
        boolean saved = false;
        try {
            EncryptedAgentKey encrypted = vault.encrypt(accountId, key);
            Instant now = clock.instant();
            for (int attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
                Optional<Account> current = store.find(accountId);
                Account next = new Account(accountId, encrypted, key.hint(), fingerprint, request.eInvoice(),
                        request.invoicePrefix(), request.documentType(), request.receiptPrefix(),
                        AccountStatus.HEALTHY, CONNECTED_REASON, now,
                        current.flatMap(Account::lastProbeAt), now, current.flatMap(Account::backfilledSince), 0);
                OptionalLong expected = current.map(a -> OptionalLong.of(a.version())).orElse(OptionalLong.empty());
                if (store.save(next, expected) instanceof AccountWrite.Written written) {
                    saved = true;
                    // a disconnect racing this connect may have released the claim after we took it: claim again
                    // now that the key is saved (ours → kept; gone → taken again; another account's → undo)
                    if (!(store.claimFingerprint(fingerprint, accountId) instanceof FingerprintClaim.Claimed)) {
                        store.delete(accountId);
                        LOG.info("Connect refused for account {}: the key was claimed by another account meanwhile",
                                accountId);
                        return new Refused(ApiError.of(ErrorCode.KEY_IN_USE));
                    }
                    current.map(Account::keyFingerprint).filter(old -> !old.equals(fingerprint))
                            .ifPresent(old -> store.releaseFingerprint(old, accountId));
                    LOG.info("Account {} connected ({}), e-invoice {}, prefix {}, {}{}", accountId, key,
                            request.eInvoice(), request.invoicePrefix().orElse("(default)"),
                            request.documentType().apiValue(), request.receiptPrefix().map(p -> " prefix " + p).orElse(""));
                    return new Connected(ConnectionStatus.of(written.account(), open.count(accountId)));
                }
                LOG.info("Connect for account {}: concurrent write, attempt {}", accountId, attempt + 1);
            }
            return new Refused(ApiError.of(ErrorCode.CONFLICT));
        } finally {
            if (!saved) {
                releaseUnlessUsed(fingerprint, accountId);
            }
        }
    }

    /** The connection's status; empty when not connected. */
    public Optional<ConnectionStatus> status(String accountId) {
        return store.find(accountId).map(a -> ConnectionStatus.of(a, open.count(accountId)));
    }

    /** Deletes the key material and releases the key's fingerprint; keeps the ledger. True if it was connected. */
    public boolean disconnect(String accountId) {
        // the claim as it is before the delete: a reconnect's claim written after this read is not released
        Optional<String> claim = store.find(accountId).flatMap(a -> store.claimToken(a.keyFingerprint(), accountId));
        Optional<Account> deleted = store.delete(accountId);
        deleted.ifPresent(a -> claim.ifPresent(token -> store.releaseFingerprintClaim(a.keyFingerprint(), accountId, token)));
        if (deleted.isPresent()) {
            LOG.info("Account {} disconnected", accountId);
        }
        return deleted.isPresent();
    }

    /**
     * What a re-issue did: how many invoices were re-enqueued, and the account's status. Only a
     * {@link AccountStatus#HEALTHY} account's invoices are re-enqueued; any other status would park them again without
     * a try, so nothing is sent, {@code requeued} is 0 and the status (with its remediation) says why. They are issued
     * once the account works again (the probe's backfill, or a reconnect).
     */
    public record Reissued(int requeued, AccountStatus status) implements ReissueOutcome {
        public Reissued {
            Objects.requireNonNull(status, "status");
        }
    }

    /** A re-issue of the account ran less than {@link #REISSUE_COOLDOWN} ago: nothing was sent; retry after {@code retryAfter}. */
    public record TooSoon(Duration retryAfter) implements ReissueOutcome {
        public TooSoon {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /** What a re-issue request did. */
    public sealed interface ReissueOutcome permits Reissued, TooSoon {}

    /**
     * Least time between two re-issues of one account: each re-enqueues the account's whole backlog, so a button
     * pressed again (or a script) must not put every waiting invoice on the queue twice.
     */
    public static final Duration REISSUE_COOLDOWN = Duration.ofMinutes(5);

    /**
     * Re-enqueues the parked, failed, refund-pending and stuck invoices of a connected, healthy account; empty when not
     * connected.
     */
    public Optional<ReissueOutcome> reissue(String accountId) {
        Optional<Account> account = store.find(accountId);
        if (account.isEmpty()) {
            return Optional.empty();
        }
        AccountStatus status = account.get().status();
        if (!account.get().isHealthy()) {
            LOG.info("Re-issue for account {} not done: the account is {}", accountId, status);
            return Optional.of(new Reissued(0, status));
        }
        Instant now = clock.instant();
        Optional<Instant> next = store.startReissue(accountId, now, REISSUE_COOLDOWN);
        if (next.isPresent()) {
            Duration wait = Duration.between(now, next.get());
            LOG.info("Re-issue for account {} not done: the last one ran less than {} ago", accountId, REISSUE_COOLDOWN);
            return Optional.of(new TooSoon(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait));
        }
        int count = reissuer.reissue(accountId);
        LOG.info("Re-enqueued {} invoices of account {}", count, accountId);
        return Optional.of(new Reissued(count, status));
    }

    private void releaseUnlessUsed(String fingerprint, String accountId) {
        try {
            boolean inUse = store.find(accountId).map(a -> a.keyFingerprint().equals(fingerprint)).orElse(false);
            if (!inUse) {
                store.releaseFingerprint(fingerprint, accountId);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not release an unused key claim of account {} ({}); it goes stale", accountId,
                    e.getClass().getSimpleName());
        }
    }
}
