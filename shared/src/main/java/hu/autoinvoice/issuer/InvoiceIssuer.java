package hu.autoinvoice.issuer;

import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.account.AgentKeyVault.KeyVaultException;
import hu.autoinvoice.agent.AgentError;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.AgentResult;
import hu.autoinvoice.agent.InvoiceData;
import hu.autoinvoice.agent.IssuedDocument;
import hu.autoinvoice.agent.OutcomeClass;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.aws.TimeBudget;
import hu.autoinvoice.invoice.DraftResult;
import hu.autoinvoice.invoice.InvoiceCalculator;
import hu.autoinvoice.invoice.InvoiceDraft;
import hu.autoinvoice.invoice.InvoiceLine;
import hu.autoinvoice.invoice.ParseResult;
import hu.autoinvoice.invoice.PurchaseMessages;
import hu.autoinvoice.invoice.PurchasePaid;
import hu.autoinvoice.invoice.PurchaseRefunded;
import hu.autoinvoice.ledger.Claim;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.ledger.SendSlot;
import hu.autoinvoice.observability.LogContext;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuing algorithm (DESIGN §5, docs/ISSUING.md) for one queue message: exactly one invoice per purchase, at most
 * {@link InvoiceLedger#MAX_SENDS} create calls ever, at most one Agent call on the happy path, never a loop on the
 * Agent within one invocation. Every expected outcome is an {@link IssueOutcome} value; an exception escaping
 * {@link #process} means "retry" (the batch reports the record as failed).
 */
public final class InvoiceIssuer {

    private static final Logger LOG = LoggerFactory.getLogger(InvoiceIssuer.class);

    private final InvoiceLedger ledger;
    private final AccountStore accounts;
    private final AgentKeyCache keys;
    private final SzamlaAgentClient agent;
    private final DeadLetters deadLetters;
    private final IssuerSettings settings;
    private final Clock clock;
    private final IssuerObserver observer;

    public InvoiceIssuer(InvoiceLedger ledger, AccountStore accounts, AgentKeyCache keys, SzamlaAgentClient agent,
            DeadLetters deadLetters, IssuerSettings settings, Clock clock, IssuerObserver observer) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.agent = Objects.requireNonNull(agent, "agent");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    public IssuerSettings settings() {
        return settings;
    }

    /** Processes one message body on its first delivery, without a time limit (tests, local tools). */
    public IssueOutcome process(String body) {
        return process(body, 1, TimeBudget.UNLIMITED);
    }

    /**
     * Processes one message body. Invalid messages go to the DLQ at once. The outcome (or the exception) is reported
     * to the {@link IssuerObserver}.
     *
     * <p>{@code budget} is the invocation's time left: an Agent call is started only while at least
     * {@link IssuerSettings#callBudget()} is left, else the message is retried with nothing lost (the item is left for
     * the next delivery). On the queue's last delivery ({@code receiveCount ≥ maxReceives}) a message that would be
     * retried goes to the DLQ with reason {@code RETRIES_EXHAUSTED} instead — never silently by SQS; its ledger item
     * stays as it is, and the probe re-drives stuck items.
     */
    public IssueOutcome process(String body, int receiveCount, TimeBudget budget) {
        boolean last = receiveCount >= settings.maxReceives();
        IssueOutcome outcome;
        try {
            outcome = hasTimeForACall(budget) ? processOnce(body, budget) : new IssueOutcome.Retry(DEADLINE);
        } catch (RuntimeException e) {
            observer.crashed(e);
            if (!last) {
                throw e;
            }
            outcome = new IssueOutcome.Retry("FAILED_" + e.getClass().getSimpleName());
        } catch (Error e) {
            observer.crashed(e);
            throw e;
        }
        if (last && outcome instanceof IssueOutcome.Retry retry) {
            String msg = retry.reason() + ": not done after " + receiveCount + " deliveries; the ledger item is kept and "
                    + "the probe re-drives it once it has been stuck for a while";
            deadLetters.send(body, DeadLetters.RETRIES_EXHAUSTED, msg, IssuerBatch.accountIdOrNull(body),
                    IssuerBatch.purchaseOf(body));
            LOG.warn("Last delivery still not done, sent to the DLQ: {}", msg);
            outcome = new IssueOutcome.Failed(DeadLetters.RETRIES_EXHAUSTED, msg);
        }
        observer.processed(outcome);
        return outcome;
    }

    /** The retry reason of a message stopped because the invocation has no time left for another Agent call. */
    static final String DEADLINE = "DEADLINE";

    private boolean hasTimeForACall(TimeBudget budget) {
        return budget.remainingMillis() >= settings.callBudget().toMillis();
    }

    private IssueOutcome processOnce(String body, TimeBudget budget) {
        ParseResult parsed = PurchaseMessages.parse(body == null ? "" : body);
        if (parsed instanceof ParseResult.Invalid invalid) {
            // the ids, where they look valid, so the DLQ entry can be found by account and purchase
            deadLetters.send(body, DeadLetters.INVALID_MESSAGE, invalid.message(), IssuerBatch.accountIdOrNull(body),
                    IssuerBatch.purchaseOf(body));
            LOG.warn("Invalid message sent to the DLQ: {}", invalid.message());
            return new IssueOutcome.Failed(DeadLetters.INVALID_MESSAGE, invalid.message());
        }
        var message = ((ParseResult.Valid) parsed).message();
        // the ids as parsed, restored afterwards: the caller's (IssuerBatch's) ids stay for its own lines
        try (var a = LogContext.put(LogContext.ACCOUNT_ID, message.accountId());
             var p = LogContext.put(LogContext.PURCHASE_ID, message.purchaseId())) {
            IssueOutcome outcome = switch (message) {
                case PurchasePaid paid -> issue(paid, body, budget);
                case PurchaseRefunded refunded -> refund(refunded, body, budget);
            };
            LOG.info("{} {}: {}", message.type(), outcome.code(), outcome);
            return outcome;
        }
    }

    private IssueOutcome issue(PurchasePaid paid, String body, TimeBudget budget) {
        String accountId = paid.accountId();
        String purchaseId = paid.purchaseId();
        InvoiceDraft draft;
        switch (InvoiceCalculator.draft(paid)) {
            case DraftResult.Refused refused -> {
                deadLetters.send(body, DeadLetters.INVOICE_DATA_REFUSED, refused.message(), accountId, purchaseId);
                return new IssueOutcome.Failed(DeadLetters.INVOICE_DATA_REFUSED, refused.message());
            }
            case DraftResult.Computed computed -> draft = computed.draft();
        }
        Optional<Account> account = accounts.find(accountId);
        // Decrypt before claiming when the account can issue (the key is cached): a claim that creates the item can
        // then count the first create itself — two ledger writes per invoice on the happy path instead of three.
        Optional<AgentKey> earlyKey = Optional.empty();
        KeyVaultException keyFailure = null;
        if (account.isPresent() && account.get().isHealthy()) {
            try {
                earlyKey = Optional.of(keys.key(account.get()));
            } catch (KeyVaultException e) {
                keyFailure = e; // handled after the claim, with the item under our token (KMS is not asked twice)
            }
        }
        Claim claim = ledger.claim(accountId, purchaseId, paid.externalId(), body, stored -> samePurchase(stored, paid),
                clock.instant(), settings.lease(), settings.sendLease(),
                earlyKey.isPresent() ? Optional.of(account.get().keyFingerprint()) : Optional.empty());
        LedgerEntry entry;
        boolean firstSendReserved;
        switch (claim) {
            case Claim.Busy busy -> {
                return new IssueOutcome.Retry("LEASE_HELD");
            }
            case Claim.HasInvoice has -> {
                return has.entry().refundPending() ? reverse(has.entry(), account, budget)
                        : new IssueOutcome.Duplicate(has.entry().state().name());
            }
            case Claim.Changed changed -> {
                // the vendor may hold (or holds) an invoice with the first content: this content is not issued
                String msg = "the purchase was changed after " + changed.entry().invoiceNumber()
                        .map(n -> "its invoice " + n + " was issued").orElse("a create was sent with its earlier content")
                        + "; a changed purchase is not issued again (send an amendment, or fix it in Számlázz.hu)";
                deadLetters.send(body, DeadLetters.PURCHASE_CHANGED, msg, accountId, purchaseId);
                return new IssueOutcome.Failed(DeadLetters.PURCHASE_CHANGED, msg);
            }
            case Claim.Claimed claimed -> {
                entry = claimed.entry();
                firstSendReserved = claimed.firstSendReserved();
            }
        }
        String token = entry.fencingToken().orElseThrow();
        if (account.isEmpty() || !account.get().isHealthy()) {
            String reason = unusableReason(account);
            String why = unusableWhy(account);
            ledger.park(accountId, purchaseId, token, reason, why, clock.instant());
            return new IssueOutcome.Parked(reason);
        }
        Account acc = account.get();
        AgentKey key;
        try {
            if (keyFailure != null) {
                throw keyFailure;
            }
            key = earlyKey.orElseThrow();
        } catch (KeyVaultException e) {
            return keyProblem(acc, e, () -> ledger.park(accountId, purchaseId, token, "KEY_UNREADABLE", e.getMessage(), clock.instant()),
                    () -> ledger.release(accountId, purchaseId, token, clock.instant(), "KMS_" + e.errorCode(), e.getMessage(), clock.instant()));
        }

        if (!firstSendReserved && entry.sends() > 0) {
            // a previous create may have issued the invoice: look before sending again
            AgentResult<InvoiceData> found = agent.queryByExternalId(key, entry.externalId());
            switch (found) {
                case AgentResult.Ok<InvoiceData> ok when adoptable(ok.value()) -> {
                    return issued(entry, token, ok.value().invoiceNumber(), ok.value().eInvoice(), acc, budget);
                }
                case AgentResult.Ok<InvoiceData> ok -> {
                    // our external id holds a storno, a reversed invoice or another document type: it was changed
                    // outside Autoinvoice; creating another invoice could double it, so a person decides
                    String msg = "the query by external id found " + describe(ok.value()) + ", not an invoice to adopt";
                    deadLetters.send(body, DeadLetters.INVOICE_REVERSED_ELSEWHERE, msg, accountId, purchaseId);
                    ledger.fail(accountId, purchaseId, token, DeadLetters.INVOICE_REVERSED_ELSEWHERE, msg, clock.instant());
                    return new IssueOutcome.Failed(DeadLetters.INVOICE_REVERSED_ELSEWHERE, msg);
                }
                case AgentResult.Failed<InvoiceData> f when f.error().outcomeClass() == OutcomeClass.NOT_FOUND
                        && entry.fromAnotherKey(acc.keyFingerprint()) -> {
                    // the create whose outcome is unknown went out with the key connected before (the account was
                    // reconnected): it may have issued the invoice in that key's Számlázz.hu account, where we can no
                    // longer look. Creating here could make a second invoice, so a person checks.
                    String msg = "a create for this purchase was sent with the previously connected Számla Agent key and "
                            + "its outcome is unknown; it is not in the connected Számlázz.hu account. Check the previous "
                            + "account for order number " + purchaseId + ": if the invoice is there, nothing is missing; "
                            + "if not, re-issue and it is created in the connected account";
                    deadLetters.send(body, DeadLetters.UNCONFIRMED_UNDER_PREVIOUS_KEY, msg, accountId, purchaseId);
                    ledger.failRefused(accountId, purchaseId, token, DeadLetters.UNCONFIRMED_UNDER_PREVIOUS_KEY, msg,
                            clock.instant());
                    return new IssueOutcome.Failed(DeadLetters.UNCONFIRMED_UNDER_PREVIOUS_KEY, msg);
                }
                case AgentResult.Failed<InvoiceData> f when f.error().outcomeClass() == OutcomeClass.NOT_FOUND -> {
                    // nothing was issued: send again (budget permitting)
                }
                case AgentResult.Failed<InvoiceData> f when f.error().outcomeClass() == OutcomeClass.ACCOUNT -> {
                    return accountRefused(acc, entry, token, f.error(), false);
                }
                case AgentResult.Failed<InvoiceData> f -> {
                    return unknown(entry, token, "QUERY_" + f.error().outcomeClass(), f.error().message());
                }
            }
        }

        if (!firstSendReserved && !hasTimeForACall(budget)) {
            // nothing sent in this invocation yet: free the item for the next delivery at once
            ledger.release(accountId, purchaseId, token, clock.instant(), DEADLINE, "no time left for the create", clock.instant());
            return new IssueOutcome.Retry(DEADLINE);
        }
        Instant now = clock.instant();
        SendSlot slot = firstSendReserved ? new SendSlot.Granted(entry.sends())
                : ledger.recordSend(accountId, purchaseId, token, now, settings.sendLease(), acc.keyFingerprint());
        switch (slot) {
            case SendSlot.Lost lost -> {
                return new IssueOutcome.Retry("CLAIM_LOST");
            }
            case SendSlot.Exhausted ex -> {
                String msg = "create sent " + ex.sends() + " times without a confirmed invoice";
                deadLetters.send(body, DeadLetters.SEND_BUDGET_EXHAUSTED, msg, accountId, purchaseId);
                ledger.fail(accountId, purchaseId, token, DeadLetters.SEND_BUDGET_EXHAUSTED, msg, now);
                return new IssueOutcome.Failed(DeadLetters.SEND_BUDGET_EXHAUSTED, msg);
            }
            case SendSlot.Granted granted -> { }
        }
        AgentResult<IssuedDocument> created = agent.createInvoice(key, acc.invoiceSettings(), draft);
        return switch (created) {
            case AgentResult.Ok<IssuedDocument> ok -> issued(entry, token, ok.value().invoiceNumber(), acc.eInvoice(), acc, budget);
            case AgentResult.Failed<IssuedDocument> f -> createFailed(f.error(), entry, token, acc, key, body, draft, budget);
        };
    }

    private IssueOutcome createFailed(AgentError error, LedgerEntry entry, String token, Account account, AgentKey key,
            String body, InvoiceDraft draft, TimeBudget budget) {
        String accountId = entry.accountId();
        String purchaseId = entry.purchaseId();
        return switch (error.outcomeClass()) {
            case ACCOUNT -> accountRefused(account, entry, token, error, true);
            case DUPLICATE_ORDER -> {
                // nothing new was created; the order number holds a document: adopt it if it is our invoice (same
                // order number, an ordinary invoice not reversed, and — where the query tells — the same gross total)
                if (!hasTimeForACall(budget)) {
                    yield unknown(entry, token, DEADLINE, "no time left to query the order number " + purchaseId);
                }
                AgentResult<InvoiceData> byOrder = agent.queryByOrderNumber(key, purchaseId);
                if (byOrder instanceof AgentResult.Ok<InvoiceData> other && !adoptable(other.value())) {
                    String msg = "order number " + purchaseId + " is held by " + describe(other.value())
                            + ", not an invoice to adopt";
                    deadLetters.send(body, DeadLetters.ORDER_NUMBER_TAKEN, msg, accountId, purchaseId);
                    ledger.failRefused(accountId, purchaseId, token, DeadLetters.ORDER_NUMBER_TAKEN, msg, clock.instant());
                    yield new IssueOutcome.Failed(DeadLetters.ORDER_NUMBER_TAKEN, msg);
                }
                if (byOrder instanceof AgentResult.Ok<InvoiceData> ok
                        && ok.value().orderNumber().map(o -> o.equals(purchaseId)).orElse(false)) {
                    BigDecimal ours = draft.lines().stream().map(InvoiceLine::grossAmount)
                            .reduce(BigDecimal.ZERO, BigDecimal::add);
                    Optional<BigDecimal> theirs = ok.value().grossTotal();
                    if (theirs.isEmpty() || theirs.get().compareTo(ours) == 0) {
                        yield issued(entry, token, ok.value().invoiceNumber(), ok.value().eInvoice(), account, budget);
                    }
                    String msg = "order number " + purchaseId + " already holds invoice " + ok.value().invoiceNumber()
                            + " of gross " + theirs.get().toPlainString() + " " + draft.currency() + "; this purchase is "
                            + ours.toPlainString();
                    deadLetters.send(body, DeadLetters.ORDER_NUMBER_TAKEN, msg, accountId, purchaseId);
                    ledger.failRefused(accountId, purchaseId, token, DeadLetters.ORDER_NUMBER_TAKEN, msg, clock.instant());
                    yield new IssueOutcome.Failed(DeadLetters.ORDER_NUMBER_TAKEN, msg);
                }
                yield unknown(entry, token, "DUPLICATE_ORDER_UNRESOLVED", error.message());
            }
            case DATA, NOT_FOUND -> {
                String msg = error.code().isPresent() ? error.code().getAsInt() + ": " + error.message() : error.message();
                deadLetters.send(body, DeadLetters.AGENT_DATA_ERROR, msg, accountId, purchaseId);
                ledger.failRefused(accountId, purchaseId, token, DeadLetters.AGENT_DATA_ERROR, msg, clock.instant());
                yield new IssueOutcome.Failed(DeadLetters.AGENT_DATA_ERROR, msg);
            }
            case TRANSIENT, UNKNOWN -> unknown(entry, token, "AGENT_" + error.outcomeClass()
                    + error.code().stream().mapToObj(c -> "_" + c).findFirst().orElse(""), error.message());
        };
    }

    /** Outcome unknown: stay SENDING, nobody touches it for the settle time, SQS retries (and queries first). */
    private IssueOutcome unknown(LedgerEntry entry, String token, String reason, String message) {
        Instant now = clock.instant();
        ledger.release(entry.accountId(), entry.purchaseId(), token, now.plus(settings.settle()), reason, message, now);
        return new IssueOutcome.Retry(reason);
    }

    private IssueOutcome issued(LedgerEntry entry, String token, String number, boolean eInvoice, Account account,
            TimeBudget budget) {
        Optional<LedgerEntry> written = ledger.issue(entry.accountId(), entry.purchaseId(), token, number, eInvoice,
                account.keyFingerprint(), clock.instant());
        if (written.isEmpty()) {
            // our lease expired and someone else took over; the ledger decides on the next delivery
            return new IssueOutcome.Retry("CLAIM_LOST_AFTER_ISSUE");
        }
        if (written.get().refundPending()) {
            // the refund came first: reverse now; whatever the storno's outcome is, it is this message's outcome (a
            // retry redelivers the purchase, whose claim finds the invoice and reverses again)
            IssueOutcome reversal = reverse(written.get(), Optional.of(account), budget);
            LOG.info("Refund recorded before the invoice {}: reversal right after issuing: {}", number, reversal);
            return reversal;
        }
        return new IssueOutcome.Issued(number);
    }

    /** @param createRefused the refusal answered a create (which therefore created nothing), not a query */
    private IssueOutcome accountRefused(Account account, LedgerEntry entry, String token, AgentError error,
            boolean createRefused) {
        String reason = markAccount(account, error);
        if (createRefused) {
            ledger.parkRefused(entry.accountId(), entry.purchaseId(), token, reason, error.message(), clock.instant());
        } else {
            ledger.park(entry.accountId(), entry.purchaseId(), token, reason, error.message(), clock.instant());
        }
        return new IssueOutcome.Parked(reason);
    }

    /** Marks the account with the status an account-class Agent error means; returns the ledger reason for it. */
    private String markAccount(Account account, AgentError error) {
        AccountStatus status = AccountStatus.of(error.accountProblem().orElseThrow());
        keys.forget(account.accountId());
        if (account.isHealthy()) {
            var result = accounts.changeStatus(account, status, error.message(), clock.instant());
            LOG.warn("Account marked {} after Agent code {}: {}", status,
                    error.code().isPresent() ? error.code().getAsInt() : "-", result.getClass().getSimpleName());
            if (result instanceof hu.autoinvoice.account.AccountWrite.Written) {
                observer.accountStatusChanged(account.accountId(), account.status(), status);
            }
        }
        return "ACCOUNT_" + status.name();
    }

    /** The ledger reason of an account that cannot issue now (not connected, or not healthy). */
    private static String unusableReason(Optional<Account> account) {
        return account.map(a -> "ACCOUNT_" + a.status().name()).orElse("ACCOUNT_NOT_CONNECTED");
    }

    /** Why it cannot: the account's status reason, or that none is connected. */
    private static String unusableWhy(Optional<Account> account) {
        return account.map(Account::statusReason).orElse("no Számlázz.hu account connected");
    }

    private IssueOutcome keyProblem(Account account, KeyVaultException e, Runnable park, Runnable release) {
        if (e.isPermanent()) {
            park.run();
            return new IssueOutcome.Parked("KEY_UNREADABLE");
        }
        release.run();
        return new IssueOutcome.Retry("KMS_" + e.errorCode());
    }

    private IssueOutcome refund(PurchaseRefunded refunded, String body, TimeBudget budget) {
        Optional<Account> account = accounts.find(refunded.accountId());
        LedgerEntry entry = ledger.recordRefund(refunded.accountId(), refunded.purchaseId(), refunded.externalId(), body,
                clock.instant());
        if (entry.state() == LedgerState.REVERSED) {
            return new IssueOutcome.Duplicate(LedgerState.REVERSED.name());
        }
        if (!entry.hasInvoice()) {
            // no invoice yet: the refund is on the ledger item; issuing reverses it right after (same invocation)
            return new IssueOutcome.Parked(InvoiceLedger.AWAITING_INVOICE);
        }
        return reverse(entry, account, budget);
    }

    /**
     * Stornos a {@code REFUND_PENDING} invoice (same e-invoice form, no keltDatum) and verifies the answer is a storno.
     * Whatever stops it is written on the item: held with the reason (account, Agent or KMS unavailable: the item
     * stays {@code REFUND_PENDING}), or {@code FAILED} with the refund in the DLQ (refused, not confirmed).
     */
    private IssueOutcome reverse(LedgerEntry entry, Optional<Account> account, TimeBudget budget) {
        String number = entry.invoiceNumber().orElseThrow();
        String accountId = entry.accountId();
        String purchaseId = entry.purchaseId();
        if (account.isEmpty() || !account.get().isHealthy()) {
            String reason = unusableReason(account);
            String why = unusableWhy(account);
            ledger.holdRefund(accountId, purchaseId, number, reason, why, clock.instant());
            return new IssueOutcome.Parked(reason);
        }
        Account acc = account.get();
        AgentKey key;
        try {
            key = keys.key(acc);
        } catch (KeyVaultException e) {
            return keyProblem(acc, e,
                    () -> ledger.holdRefund(accountId, purchaseId, number, "KEY_UNREADABLE", e.getMessage(), clock.instant()),
                    () -> ledger.holdRefund(accountId, purchaseId, number, "KMS_" + e.errorCode(), e.getMessage(), clock.instant()));
        }
        String refundBody = entry.refundBody().orElse("");
        if (entry.fromAnotherKey(acc.keyFingerprint())) {
            // the invoice was issued with another key: reverse it only if the connected account holds it (a new key
            // of the same company); number N in another company is another invoice
            Optional<IssueOutcome> stop = verifyHeldByConnectedAccount(entry, acc, key, refundBody, budget);
            if (stop.isPresent()) {
                return stop.get();
            }
        }
        if (!hasTimeForACall(budget)) {
            ledger.holdRefund(accountId, purchaseId, number, DEADLINE, "no time left for the storno", clock.instant());
            return new IssueOutcome.Retry(DEADLINE);
        }
        boolean eInvoice = entry.eInvoice().orElse(acc.eInvoice());
        Optional<String> reason = entry.refundBody().flatMap(b -> PurchaseMessages.parse(b) instanceof ParseResult.Valid v
                && v.message() instanceof PurchaseRefunded r ? r.reason() : Optional.empty());
        AgentResult<IssuedDocument> storno = agent.reverseInvoice(key, number, eInvoice, reason);
        return switch (storno) {
            case AgentResult.Ok<IssuedDocument> ok -> {
                IssuedDocument doc = ok.value();
                boolean negative = doc.grossTotal().map(g -> g.compareTo(BigDecimal.ZERO) <= 0).orElse(true)
                        && doc.netTotal().map(n -> n.compareTo(BigDecimal.ZERO) <= 0).orElse(true);
                if (doc.invoiceNumber().equals(number) || !negative) {
                    String msg = "storno answer " + doc + " does not reverse " + number;
                    yield refundFailed(entry, refundBody, DeadLetters.STORNO_NOT_CONFIRMED, msg);
                }
                ledger.reverse(accountId, purchaseId, number, doc.invoiceNumber(), clock.instant());
                yield new IssueOutcome.Reversed(doc.invoiceNumber());
            }
            case AgentResult.Failed<IssuedDocument> f -> switch (f.error().outcomeClass()) {
                case ACCOUNT -> {
                    String r = markAccount(acc, f.error());
                    ledger.holdRefund(accountId, purchaseId, number, r, f.error().message(), clock.instant());
                    yield new IssueOutcome.Parked(r);
                }
                case DATA, NOT_FOUND, DUPLICATE_ORDER -> {
                    String msg = f.error().code().isPresent() ? f.error().code().getAsInt() + ": " + f.error().message() : f.error().message();
                    yield refundFailed(entry, refundBody, DeadLetters.REFUND_REJECTED, msg);
                }
                // a storno is idempotent per original at the vendor: retrying it cannot make a second one
                case TRANSIENT, UNKNOWN -> {
                    String r = "STORNO_" + f.error().outcomeClass();
                    ledger.holdRefund(accountId, purchaseId, number, r, f.error().message(), clock.instant());
                    yield new IssueOutcome.Retry(r);
                }
            };
        };
    }

    /**
     * Before reversing an invoice issued with another key: does the connected account hold it (same number, an
     * ordinary invoice of this purchase's order number, not reversed)? Empty = yes, go on; otherwise what to answer.
     */
    private Optional<IssueOutcome> verifyHeldByConnectedAccount(LedgerEntry entry, Account account, AgentKey key,
            String refundBody, TimeBudget budget) {
        String number = entry.invoiceNumber().orElseThrow();
        if (!hasTimeForACall(budget)) {
            ledger.holdRefund(entry.accountId(), entry.purchaseId(), number, DEADLINE, "no time left to look up " + number,
                    clock.instant());
            return Optional.of(new IssueOutcome.Retry(DEADLINE));
        }
        AgentResult<InvoiceData> found = agent.queryByNumber(key, number);
        return switch (found) {
            case AgentResult.Ok<InvoiceData> ok when adoptable(ok.value())
                    && ok.value().orderNumber().filter(entry.purchaseId()::equals).isPresent() -> Optional.empty();
            case AgentResult.Ok<InvoiceData> ok -> Optional.of(refundFailed(entry, refundBody,
                    DeadLetters.INVOICE_IN_OTHER_ACCOUNT, "invoice " + number + " was issued with the previously connected "
                            + "Számla Agent key; in the connected account that number is " + describe(ok.value())
                            + " of another order: reverse " + number + " in the previous account"));
            case AgentResult.Failed<InvoiceData> f -> switch (f.error().outcomeClass()) {
                case NOT_FOUND -> Optional.of(refundFailed(entry, refundBody, DeadLetters.INVOICE_IN_OTHER_ACCOUNT,
                        "invoice " + number + " was issued with the previously connected Számla Agent key and is not in "
                                + "the connected Számlázz.hu account: reverse it in the previous account"));
                case ACCOUNT -> {
                    String r = markAccount(account, f.error());
                    ledger.holdRefund(entry.accountId(), entry.purchaseId(), number, r, f.error().message(), clock.instant());
                    yield Optional.of(new IssueOutcome.Parked(r));
                }
                default -> {
                    String r = "LOOKUP_" + f.error().outcomeClass();
                    ledger.holdRefund(entry.accountId(), entry.purchaseId(), number, r, f.error().message(), clock.instant());
                    yield Optional.of(new IssueOutcome.Retry(r));
                }
            };
        };
    }

    private IssueOutcome refundFailed(LedgerEntry entry, String refundBody, String reason, String message) {
        deadLetters.send(refundBody, reason, message, entry.accountId(), entry.purchaseId());
        ledger.failRefund(entry.accountId(), entry.purchaseId(), entry.invoiceNumber().orElseThrow(), reason, message,
                clock.instant());
        return new IssueOutcome.Failed(reason, message);
    }

    /** An invoice the ledger may take as this purchase's: an ordinary invoice ({@code SZ}) that is not reversed. */
    private static boolean adoptable(InvoiceData found) {
        return InvoiceData.TYPE_INVOICE.equals(found.documentType()) && !found.reversed();
    }

    private static String describe(InvoiceData found) {
        return "document " + found.invoiceNumber() + " of type " + found.documentType() + (found.reversed() ? " (reversed)" : "");
    }

    /** True when a stored {@code purchase.paid} body carries this purchase (compared parsed: key order, spacing aside). */
    private static boolean samePurchase(String stored, PurchasePaid paid) {
        return PurchaseMessages.parse(stored) instanceof ParseResult.Valid v && v.message().equals(paid);
    }
}
