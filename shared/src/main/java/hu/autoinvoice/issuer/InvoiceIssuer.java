package hu.autoinvoice.issuer;

import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.account.AccountWrite;
import hu.autoinvoice.account.AgentKeyVault.KeyVaultException;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.aws.TimeBudget;
import hu.autoinvoice.invoice.DraftResult;
import hu.autoinvoice.invoice.InvoiceCalculator;
import hu.autoinvoice.invoice.InvoiceDraft;
import hu.autoinvoice.invoice.ParseResult;
import hu.autoinvoice.invoice.PurchaseAmended;
import hu.autoinvoice.invoice.PurchaseMessages;
import hu.autoinvoice.invoice.PurchasePaid;
import hu.autoinvoice.invoice.PurchaseRefunded;
import hu.autoinvoice.events.OutcomeRelay;
import hu.autoinvoice.ledger.Cause;
import hu.autoinvoice.ledger.Claim;
import hu.autoinvoice.ledger.ClaimedItem;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.InvoicedItem;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.ledger.PurchaseClaim;
import hu.autoinvoice.ledger.Reason;
import hu.autoinvoice.observability.LogContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuing algorithm (docs/DESIGN.md §5, docs/ISSUING.md) for one queue message: exactly one invoice per purchase, at most
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
    private final OutcomeRelay outcomes;

    /** @param outcomes publishes the outcome each final ledger write records, right after the write */
    public InvoiceIssuer(InvoiceLedger ledger, AccountStore accounts, AgentKeyCache keys, SzamlaAgentClient agent,
            DeadLetters deadLetters, IssuerSettings settings, Clock clock, IssuerObserver observer,
            OutcomeRelay outcomes) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.agent = Objects.requireNonNull(agent, "agent");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
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
            outcome = hasTimeForACall(budget) ? processOnce(body, budget) : new IssueOutcome.Retry(Reason.DEADLINE);
        } catch (RuntimeException e) {
            observer.crashed(e);
            if (!last) {
                throw e;
            }
            outcome = new IssueOutcome.Retry(Reason.CRASHED);
        } catch (Error e) {
            observer.crashed(e);
            throw e;
        }
        if (last && outcome instanceof IssueOutcome.Retry retry) {
            String msg = retry.reason() + ": not done after " + receiveCount + " deliveries; the ledger item is kept and "
                    + "the probe re-drives it once it has been stuck for a while";
            LOG.warn("Last delivery still not done, sent to the DLQ: {}", msg);
            outcome = deadLetter(body, new Cause(Reason.RETRIES_EXHAUSTED, msg), IssuerBatch.accountIdOrNull(body),
                    IssuerBatch.purchaseOf(body));
        }
        observer.processed(outcome);
        return outcome;
    }

    private boolean hasTimeForACall(TimeBudget budget) {
        return budget.remainingMillis() >= settings.callBudget().toMillis();
    }

    private IssueOutcome processOnce(String body, TimeBudget budget) {
        ParseResult parsed = PurchaseMessages.parse(body == null ? "" : body);
        if (parsed instanceof ParseResult.Invalid invalid) {
            // the ids, where they look valid, so the DLQ entry can be found by account and purchase
            LOG.warn("Invalid message sent to the DLQ: {}", invalid.message());
            return deadLetter(body, new Cause(Reason.INVALID_MESSAGE, invalid.message()), IssuerBatch.accountIdOrNull(body),
                    IssuerBatch.purchaseOf(body));
        }
        var message = ((ParseResult.Valid) parsed).message();
        // the ids as parsed, restored afterwards: the caller's (IssuerBatch's) ids stay for its own lines
        try (var a = LogContext.put(LogContext.ACCOUNT_ID, message.accountId());
             var p = LogContext.put(LogContext.PURCHASE_ID, message.purchaseId())) {
            IssueOutcome outcome = switch (message) {
                case PurchasePaid paid -> issue(paid, body, budget);
                case PurchaseRefunded refunded -> refund(refunded, body, budget);
                case PurchaseAmended amended -> throw new UnsupportedOperationException("purchase.amended: not yet handled");
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
                return deadLetter(body, new Cause(Reason.INVOICE_DATA_REFUSED, refused.message()), accountId, purchaseId);
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
        Claim claim = ledger.claim(new PurchaseClaim(accountId, purchaseId, paid.externalId(), body, paid.paidAt(),
                        stored -> samePurchase(stored, paid)),
                clock.instant(), settings.lease(), settings.sendLease(),
                earlyKey.isPresent() ? Optional.of(account.get().keyFingerprint()) : Optional.empty());
        IssueVerdict next = IssueVerdict.afterClaim(claim, account);
        if (!(claim instanceof Claim.Claimed claimed)) {
            if (claim instanceof Claim.HasInvoice has) {
                // an outcome whose publish failed earlier goes out with this redelivery (the probe's sweep would too)
                outcomes.relay(has.entry());
            }
            return switch (next) {
                case IssueVerdict.Reverse reverse -> reverse(reverse.entry(), account, budget);
                case IssueVerdict.Duplicate duplicate -> new IssueOutcome.Duplicate(duplicate.state().name());
                case IssueVerdict.Reject reject -> deadLetter(body, reject.cause(), accountId, purchaseId);
                case IssueVerdict.Retry retry -> new IssueOutcome.Retry(retry.reason());
                default -> throw new IllegalStateException("no claim, yet " + next);
            };
        }
        Attempt attempt = new Attempt(claimed.item(), claimed.entry(), body, draft);
        if (next instanceof IssueVerdict.Park park) {
            return act(attempt, account, park);
        }
        Account acc = account.orElseThrow();
        AgentKey key;
        try {
            if (keyFailure != null) {
                throw keyFailure;
            }
            key = earlyKey.orElseThrow();
        } catch (KeyVaultException e) {
            Cause cause = keyCause(e);
            return cause.reason().parks() ? act(attempt, account, new IssueVerdict.Park(cause))
                    : act(attempt, account, new IssueVerdict.Settle(cause), clock.instant());
        }
        if (next instanceof IssueVerdict.QueryFirst) {
            // a previous create may have issued the invoice: look before sending again
            next = IssueVerdict.afterQuery(attempt.entry(), acc.keyFingerprint(),
                    agent.queryByExternalId(key, attempt.entry().externalId()));
            if (next instanceof IssueVerdict.Record found) {
                return issued(attempt, found, acc, budget);
            }
            if (!(next instanceof IssueVerdict.Create)) {
                return act(attempt, account, next);
            }
        }
        if (!claimed.firstSendReserved()) {
            if (!hasTimeForACall(budget)) {
                // nothing sent in this invocation yet: free the item for the next delivery at once
                return act(attempt, account, new IssueVerdict.Settle(new Cause(Reason.DEADLINE, "no time left for the create")),
                        clock.instant());
            }
            next = IssueVerdict.afterSendSlot(ledger.recordSend(attempt.item(), clock.instant(), settings.sendLease(),
                    acc.keyFingerprint()));
            if (!(next instanceof IssueVerdict.Create)) {
                return act(attempt, account, next);
            }
        }
        next = IssueVerdict.afterCreate(agent.createInvoice(key, acc.invoiceSettings(), draft), acc.eInvoice());
        if (next instanceof IssueVerdict.QueryOrderNumber) {
            if (!hasTimeForACall(budget)) {
                return act(attempt, account, new IssueVerdict.Settle(new Cause(Reason.DEADLINE,
                        "no time left to query the order number " + purchaseId)));
            }
            next = IssueVerdict.afterOrderQuery(purchaseId, draft.grossTotal(), draft.currency(),
                    agent.queryByOrderNumber(key, purchaseId));
        }
        if (next instanceof IssueVerdict.Record record) {
            return issued(attempt, record, acc, budget);
        }
        return act(attempt, account, next);
    }

    /** One delivery's hold on a purchase: the claimed item, as claimed, with the message and its draft. */
    private record Attempt(ClaimedItem item, LedgerEntry entry, String body, InvoiceDraft draft) {}

    /** Carries out a verdict that ends the delivery (everything but a call or a recorded invoice). */
    private IssueOutcome act(Attempt attempt, Optional<Account> account, IssueVerdict verdict) {
        return act(attempt, account, verdict, clock.instant().plus(settings.settle()));
    }

    /** As above; a {@link IssueVerdict.Settle} keeps the item until {@code settledUntil}. */
    private IssueOutcome act(Attempt attempt, Optional<Account> account, IssueVerdict verdict, Instant settledUntil) {
        ClaimedItem item = attempt.item();
        Instant now = clock.instant();
        return switch (verdict) {
            case IssueVerdict.Park park -> {
                ledger.park(item, park.cause(), now).ifPresent(outcomes::relay);
                yield new IssueOutcome.Parked(park.cause().reason());
            }
            case IssueVerdict.AccountRefused refused -> {
                Cause cause = markAccount(account.orElseThrow(), refused.status(), refused.message());
                (refused.createRefused() ? ledger.parkRefused(item, cause, now) : ledger.park(item, cause, now))
                        .ifPresent(outcomes::relay);
                yield new IssueOutcome.Parked(cause.reason());
            }
            case IssueVerdict.Settle settle -> {
                // outcome unknown (or nothing sent): stay SENDING, nobody touches it until then; SQS retries
                ledger.release(item, settledUntil, settle.cause(), now);
                yield new IssueOutcome.Retry(settle.cause().reason());
            }
            case IssueVerdict.Fail fail -> {
                deadLetters.send(attempt.body(), fail.cause(), item.accountId(), item.purchaseId());
                (fail.sendSettled() ? ledger.failRefused(item, fail.cause(), now) : ledger.fail(item, fail.cause(), now))
                        .ifPresent(outcomes::relay);
                yield new IssueOutcome.Failed(fail.cause().reason(), fail.cause().message());
            }
            case IssueVerdict.Retry retry -> new IssueOutcome.Retry(retry.reason());
            case IssueVerdict.Create c -> throw new IllegalStateException("a create is not an end: " + verdict);
            case IssueVerdict.QueryFirst q -> throw new IllegalStateException("a query is not an end: " + verdict);
            case IssueVerdict.QueryOrderNumber q -> throw new IllegalStateException("a query is not an end: " + verdict);
            case IssueVerdict.Record r -> throw new IllegalStateException("recorded by issued(): " + verdict);
            case IssueVerdict.Reverse r -> throw new IllegalStateException("no reversal of a claimed item: " + verdict);
            case IssueVerdict.Duplicate d -> throw new IllegalStateException("no duplicate of a claimed item: " + verdict);
            case IssueVerdict.Reject r -> throw new IllegalStateException("no rejection of a claimed item: " + verdict);
        };
    }

    private IssueOutcome deadLetter(String body, Cause cause, String accountId, String purchaseId) {
        deadLetters.send(body, cause, accountId, purchaseId);
        return new IssueOutcome.Failed(cause.reason(), cause.message());
    }

    private IssueOutcome issued(Attempt attempt, IssueVerdict.Record record, Account account, TimeBudget budget) {
        Optional<LedgerEntry> written = ledger.issue(attempt.item(), record.invoiceNumber(), record.eInvoice(),
                account.keyFingerprint(), clock.instant());
        if (written.isEmpty()) {
            // our lease expired and someone else took over; the ledger decides on the next delivery
            return new IssueOutcome.Retry(Reason.CLAIM_LOST_AFTER_ISSUE);
        }
        outcomes.relay(written.get());
        if (written.get().refundPending()) {
            // the refund came first: reverse now; whatever the storno's outcome is, it is this message's outcome (a
            // retry redelivers the purchase, whose claim finds the invoice and reverses again)
            IssueOutcome reversal = reverse(written.get(), Optional.of(account), budget);
            LOG.info("Refund recorded before the invoice {}: reversal right after issuing: {}", record.invoiceNumber(),
                    reversal);
            return reversal;
        }
        return new IssueOutcome.Issued(record.invoiceNumber());
    }

    /** Marks the account with the status the Agent's refusal means; returns the cause to write on the item. */
    private Cause markAccount(Account account, AccountStatus status, String message) {
        keys.forget(account.accountId());
        if (account.isHealthy()) {
            var result = accounts.changeStatus(account, status, message, clock.instant());
            LOG.warn("Account marked {} after an Agent refusal: {}", status, result.getClass().getSimpleName());
            if (result instanceof AccountWrite.Written) {
                observer.accountStatusChanged(account.accountId(), account.status(), status);
            }
        }
        return new Cause(Reason.accountUnusable(status), message);
    }

    /** A key KMS will never decrypt parks the item (the organiser reconnects); any other KMS failure is retried. */
    private static Cause keyCause(KeyVaultException e) {
        return new Cause(e.isPermanent() ? Reason.KEY_UNREADABLE : Reason.KMS_UNAVAILABLE,
                "KMS " + e.errorCode() + ": " + e.getMessage());
    }

    private IssueOutcome refund(PurchaseRefunded refunded, String body, TimeBudget budget) {
        Optional<Account> account = accounts.find(refunded.accountId());
        LedgerEntry entry = ledger.recordRefund(refunded.accountId(), refunded.purchaseId(), refunded.externalId(), body,
                refunded.refundedAt(), clock.instant());
        if (entry.state() == LedgerState.REVERSED) {
            return new IssueOutcome.Duplicate(LedgerState.REVERSED.name());
        }
        if (!entry.hasInvoice()) {
            // no invoice yet: the refund is on the ledger item; issuing reverses it right after (same invocation)
            return new IssueOutcome.Parked(Reason.AWAITING_INVOICE);
        }
        return reverse(entry, account, budget);
    }

    /**
     * Stornos a {@code REFUND_PENDING} invoice (same e-invoice form, no keltDatum) and verifies the answer is a storno.
     * Whatever stops it is written on the item: held with the reason (account, Agent or KMS unavailable: the item
     * stays {@code REFUND_PENDING}), or {@code FAILED} with the refund in the DLQ (refused, not confirmed).
     */
    private IssueOutcome reverse(LedgerEntry entry, Optional<Account> account, TimeBudget budget) {
        InvoicedItem item = entry.invoiced().orElseThrow();
        StornoVerdict next = StornoVerdict.before(entry, account);
        if (next instanceof StornoVerdict.Hold hold) {
            return hold(item, hold.cause());
        }
        Account acc = account.orElseThrow();
        AgentKey key;
        try {
            key = keys.key(acc);
        } catch (KeyVaultException e) {
            return hold(item, keyCause(e));
        }
        String refundBody = entry.refundBody().orElse("");
        if (next instanceof StornoVerdict.LookUpFirst) {
            if (!hasTimeForACall(budget)) {
                return hold(item, new Cause(Reason.DEADLINE, "no time left to look up " + item.invoiceNumber()));
            }
            next = StornoVerdict.afterLookUp(entry, agent.queryByNumber(key, item.invoiceNumber()));
            if (!(next instanceof StornoVerdict.Storno)) {
                return act(entry, acc, refundBody, next);
            }
        }
        if (!hasTimeForACall(budget)) {
            return hold(item, new Cause(Reason.DEADLINE, "no time left for the storno"));
        }
        boolean eInvoice = entry.eInvoice().orElse(acc.eInvoice());
        Optional<String> reason = entry.refundBody().flatMap(b -> PurchaseMessages.parse(b) instanceof ParseResult.Valid v
                && v.message() instanceof PurchaseRefunded r ? r.reason() : Optional.empty());
        return act(entry, acc, refundBody, StornoVerdict.afterStorno(item.invoiceNumber(),
                agent.reverseInvoice(key, item.invoiceNumber(), eInvoice, reason)));
    }

    /** Carries out a verdict that ends a reversal. */
    private IssueOutcome act(LedgerEntry entry, Account account, String refundBody, StornoVerdict verdict) {
        InvoicedItem item = entry.invoiced().orElseThrow();
        return switch (verdict) {
            case StornoVerdict.Reversed reversed -> {
                ledger.reverse(item, reversed.stornoNumber(), clock.instant()).ifPresent(outcomes::relay);
                yield new IssueOutcome.Reversed(reversed.stornoNumber());
            }
            case StornoVerdict.Hold hold -> hold(item, hold.cause());
            case StornoVerdict.AccountRefused refused -> hold(item, markAccount(account, refused.status(), refused.message()));
            case StornoVerdict.Fail fail -> {
                deadLetters.send(refundBody, fail.cause(), item.accountId(), item.purchaseId());
                ledger.failRefund(item, fail.cause(), clock.instant()).ifPresent(outcomes::relay);
                yield new IssueOutcome.Failed(fail.cause().reason(), fail.cause().message());
            }
            case StornoVerdict.Storno s -> throw new IllegalStateException("a storno is not an end: " + verdict);
            case StornoVerdict.LookUpFirst l -> throw new IllegalStateException("a look-up is not an end: " + verdict);
        };
    }

    /** The refund waits on its item ({@code REFUND_PENDING}, with the cause): parked for an account, else retried. */
    private IssueOutcome hold(InvoicedItem item, Cause cause) {
        ledger.holdRefund(item, cause, clock.instant());
        return cause.reason().parks() ? new IssueOutcome.Parked(cause.reason()) : new IssueOutcome.Retry(cause.reason());
    }

    /** True when a stored {@code purchase.paid} body carries this purchase (compared parsed: key order, spacing aside). */
    private static boolean samePurchase(String stored, PurchasePaid paid) {
        return PurchaseMessages.parse(stored) instanceof ParseResult.Valid v && v.message().equals(paid);
    }
}
