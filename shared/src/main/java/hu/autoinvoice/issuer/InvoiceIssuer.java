package hu.autoinvoice.issuer;

import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.account.AccountWrite;
import hu.autoinvoice.account.AgentKeyVault.KeyVaultException;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.aws.TimeBudget;
import hu.autoinvoice.invoice.DocumentType;
import hu.autoinvoice.invoice.DraftResult;
import hu.autoinvoice.invoice.ExternalIds;
import hu.autoinvoice.invoice.InvoiceCalculator;
import hu.autoinvoice.invoice.InvoiceDraft;
import hu.autoinvoice.invoice.InvoiceRequestMessage;
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
import hu.autoinvoice.ledger.LedgerItemTooLargeException;
import hu.autoinvoice.ledger.InvoicedItem;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.ledger.PendingOutcome;
import hu.autoinvoice.ledger.PurchaseClaim;
import hu.autoinvoice.ledger.PurchaseHead;
import hu.autoinvoice.ledger.Reason;
import hu.autoinvoice.observability.LogContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
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
    /** The Agent calls of each document type, built once. */
    private final Map<DocumentType, DocumentDesk> desks;

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
        this.desks = new EnumMap<>(DocumentType.class);
        for (DocumentType type : DocumentType.values()) {
            desks.put(type, DocumentDesk.of(type, agent));
        }
    }

    public IssuerSettings settings() {
        return settings;
    }

    /** Processes one message body on its first delivery, without a time limit (tests, local tools). */
    public IssueOutcome process(String body) {
        return process(body, 1, TimeBudget.UNLIMITED);
    }

    /**
     * Processes one message body. Invalid messages go to the DLQ at once. The start and the outcome (or the exception)
     * are reported to the {@link IssuerObserver}.
     *
     * <p>{@code budget} is the invocation's time left: an Agent call is started only while at least
     * {@link IssuerSettings#callBudget()} is left, else the message is retried with nothing lost (the item is left for
     * the next delivery). On the queue's last delivery ({@code receiveCount ≥ maxReceives}) a message that would be
     * retried goes to the DLQ with reason {@code RETRIES_EXHAUSTED} instead — never silently by SQS; its ledger item
     * stays as it is, and the probe re-drives stuck items.
     */
    public IssueOutcome process(String body, int receiveCount, TimeBudget budget) {
        observer.started();
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
            return processValid(message, body, budget);
        } catch (LedgerItemTooLargeException e) {
            // no retry can shrink it: a person decides (the stored messages are on the item and in the DLQ)
            return deadLetter(body, new Cause(Reason.LEDGER_ITEM_TOO_LARGE, e.getMessage()), message.accountId(),
                    message.purchaseId());
        }
    }

    private IssueOutcome processValid(InvoiceRequestMessage message, String body, TimeBudget budget) {
        IssueOutcome outcome = switch (message) {
            case PurchasePaid paid -> issueOriginal(paid, body, budget);
            case PurchaseRefunded refunded -> refund(refunded, body, budget);
            case PurchaseAmended amended -> amend(amended, body, budget);
        };
        LOG.info("{} {}: {}", message.type(), outcome.code(), outcome);
        return outcome;
    }

    /**
     * One revision of a purchase to invoice on its own ledger item: revision 0 is the {@code purchase.paid} (item
     * {@code purchaseId}), revision r ≥ 1 an amendment's purchase as it now stands (item {@code purchaseId#r<r>}, external
     * id {@code ai:<accountId>:<purchaseId>:r<r>}). The order number is the purchase id for every revision.
     */
    private record Target(PurchasePaid purchase, long revision, String body, Predicate<String> samePurchase) {
        String itemId() {
            return PurchaseHead.itemId(purchase.purchaseId(), revision);
        }

        String externalId() {
            return ExternalIds.ofRevision(purchase.accountId(), purchase.purchaseId(), revision);
        }

        /** Revision 0: the purchase as paid; a stored body is the same purchase when it equals it in substance. */
        static Target original(PurchasePaid paid, String body) {
            return new Target(paid, 0, body, stored -> InvoiceIssuer.samePurchase(stored, paid));
        }

        /** Revision r: the amendment's purchase as it now stands; empty when no line is left. */
        static Optional<Target> amendment(PurchaseAmended amended, String body) {
            return amended.remaining().map(paid -> new Target(paid, amended.revision(), body,
                    stored -> PurchaseMessages.parse(stored) instanceof ParseResult.Valid w && w.message().equals(amended)));
        }

        /** The revision a stored message body invoices, if it invoices one. */
        static Optional<Target> of(String body) {
            if (!(PurchaseMessages.parse(body) instanceof ParseResult.Valid v)) {
                return Optional.empty();
            }
            return switch (v.message()) {
                case PurchasePaid paid -> Optional.of(original(paid, body));
                case PurchaseAmended amended -> amendment(amended, body);
                case PurchaseRefunded refunded -> Optional.empty();
            };
        }
    }

    /**
     * A {@code purchase.paid} from the queue (revision 0). When an amendment marked its item (a create of unknown
     * outcome), this delivery settles it by a query only; once it is reversed or superseded the purchase's newest
     * amendment is resumed, since it may have been waiting for exactly this.
     */
    private IssueOutcome issueOriginal(PurchasePaid paid, String body, TimeBudget budget) {
        boolean[] marked = {false};
        IssueOutcome outcome = issue(Target.original(paid, body), budget, marked);
        if (marked[0] && ledger.find(paid.accountId(), paid.purchaseId()).map(LedgerEntry::retired).orElse(false)) {
            Optional<IssueOutcome> resumed = resumeNewest(paid.accountId(), paid.purchaseId(), budget);
            LOG.info("Revision 0 of an amended purchase settled ({}); the newest amendment resumed: {}", outcome.code(),
                    resumed.map(IssueOutcome::code).orElse("none"));
            if (resumed.filter(IssueOutcome.Retry.class::isInstance).isPresent()) {
                return resumed.get();
            }
        }
        return outcome;
    }

    private IssueOutcome issue(Target target, TimeBudget budget, boolean[] marked) {
        PurchasePaid paid = target.purchase();
        String body = target.body();
        String accountId = paid.accountId();
        String purchaseId = paid.purchaseId();
        String itemId = target.itemId();
        InvoiceDraft draft;
        switch (InvoiceCalculator.draft(paid)) {
            case DraftResult.Refused refused -> {
                return deadLetter(body, new Cause(Reason.INVOICE_DATA_REFUSED, refused.message()), accountId, purchaseId);
            }
            case DraftResult.Computed computed -> draft = target.revision() == 0 ? computed.draft()
                    : computed.draft().withExternalId(target.externalId());
        }
        Optional<Account> account = accounts.find(accountId);
        if (account.isEmpty()) {
            keys.forget(accountId); // disconnected: its key must not outlive it in this container
        }
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
        // what a first create would make now (an item that had a create sent keeps that create's kind)
        DocumentType kindNow = account.map(a -> a.documentFor(paid.buyer().type())).orElse(DocumentType.INVOICE);
        Claim claim = ledger.claim(new PurchaseClaim(accountId, itemId, target.externalId(), body, paid.paidAt(),
                        target.samePurchase(), kindNow),
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
                case IssueVerdict.Duplicate duplicate -> new IssueOutcome.Duplicate(duplicate.state());
                case IssueVerdict.Reject reject -> deadLetter(body, reject.cause(), accountId, purchaseId);
                case IssueVerdict.Retry retry -> new IssueOutcome.Retry(retry.reason());
                default -> throw new IllegalStateException("no claim, yet " + next);
            };
        }
        Attempt attempt = new Attempt(claimed.item(), claimed.entry(), body, draft);
        marked[0] = claimed.entry().supersededBy().isPresent();
        next = IssueVerdict.unlessSuperseded(claimed.entry(), next);
        if (next instanceof IssueVerdict.Park || next instanceof IssueVerdict.Supersede) {
            return act(attempt, account, next);
        }
        Account acc = account.orElseThrow();
        // the claim wrote what a create makes now, unless a create was sent already: then the item keeps that kind
        DocumentDesk desk = desks.get(claimed.entry().documentType());
        if (desk.type() == DocumentType.RECEIPT && acc.receiptPrefix().isEmpty()) {
            // a receipt create was sent, then the organiser reconnected without receipts: only a receipt under the
            // same call id can settle it (a reconnect with receipts backfills it)
            return act(attempt, account, new IssueVerdict.Park(new Cause(Reason.ACCOUNT_PREFIX_INVALID,
                    "a receipt create for this purchase was sent before receipts were turned off for the account; "
                            + "reconnect with receipts and a receipt prefix to settle it")));
        }
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
            next = IssueVerdict.unlessSuperseded(attempt.entry(), IssueVerdict.afterQuery(attempt.entry(),
                    acc.keyFingerprint(), desk.findOwn(key, attempt.entry().externalId())));
            if (next instanceof IssueVerdict.Record found) {
                return issued(attempt, found, acc, desk, key, budget);
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
                    acc.keyFingerprint(), desk.type()));
            if (!(next instanceof IssueVerdict.Create)) {
                return act(attempt, account, next);
            }
        }
        next = IssueVerdict.afterCreate(desk.create(key, acc, draft), desk.eInvoice(acc));
        if (next instanceof IssueVerdict.QueryOrderNumber) {
            if (!hasTimeForACall(budget)) {
                return act(attempt, account, new IssueVerdict.Settle(new Cause(Reason.DEADLINE,
                        "no time left to query the order number " + purchaseId)));
            }
            next = IssueVerdict.afterOrderQuery(purchaseId, draft.grossTotal(), draft.currency(),
                    desk.findAfterDuplicate(key, draft));
        }
        if (next instanceof IssueVerdict.Record record) {
            return issued(attempt, record, acc, desk, key, budget);
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
            case IssueVerdict.Supersede sup -> ledger.supersedeClaimed(item, now)
                    .<IssueOutcome>map(e -> new IssueOutcome.Duplicate(LedgerState.SUPERSEDED))
                    .orElseGet(() -> new IssueOutcome.Retry(Reason.CLAIM_LOST));
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

    private IssueOutcome issued(Attempt attempt, IssueVerdict.Record record, Account account, DocumentDesk desk,
            AgentKey key, TimeBudget budget) {
        // the event first, then the write that records it as announced (no outbox to clear: one write fewer); a
        // publish that failed puts the event into the outbox instead, for the next delivery or the probe's sweep (the
        // bus just failed: no second try now)
        PendingOutcome event = PendingOutcome.issued(attempt.item().accountId(), attempt.item().purchaseId(),
                record.invoiceNumber(), clock.instant());
        boolean published = outcomes.publishAhead(attempt.entry(), event, record.eInvoice());
        Optional<LedgerEntry> written = ledger.issue(attempt.item(), record.invoiceNumber(), record.eInvoice(),
                account.keyFingerprint(), event, published);
        if (written.isEmpty()) {
            // our lease expired and someone else took over; the ledger decides on the next delivery
            return new IssueOutcome.Retry(Reason.CLAIM_LOST_AFTER_ISSUE);
        }
        if (published) {
            outcomes.relay(written.get()); // what an earlier write of this item left pending, if anything
        }
        if (written.get().refundPending()) {
            // the refund came first: reverse now; whatever the storno's outcome is, it is this message's outcome (a
            // retry redelivers the purchase, whose claim finds the invoice and reverses again)
            IssueOutcome reversal = reverse(written.get(), Optional.of(account), budget);
            LOG.info("Refund recorded before the invoice {}: reversal right after issuing: {}", record.invoiceNumber(),
                    reversal);
            return reversal;
        }
        // once, after the write that recorded it (a crash before this loses the e-mail, never sends it twice)
        if (hasTimeForACall(budget)) {
            desk.deliver(key, record.invoiceNumber(), attempt.draft());
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

    // --- amendments (docs/ISSUING.md, Amendments) -------------------------------------------------------------------

    /** How long the head's lease is held: a delivery's whole work (a storno, a query and a create), with room. */
    private Duration headLease() {
        return settings.sendLease().multipliedBy(3);
    }

    /**
     * A {@code purchase.amended} revision r, under the purchase's head lease: a stale revision is acknowledged, an
     * amendment of a refunded purchase refused; otherwise every older revision stops being live (reversed, or
     * superseded without an invoice) before revision r is issued on its own item — or, when no line is left, the
     * purchase counts as refunded as a whole.
     */
    private IssueOutcome amend(PurchaseAmended amended, String body, TimeBudget budget) {
        if (amended.remaining().isPresent()
                && InvoiceCalculator.draft(amended.remaining().get()) instanceof DraftResult.Refused refused) {
            // refused before anything is written: no older invoice is reversed for an amendment that cannot be issued
            return deadLetter(body, new Cause(Reason.INVOICE_DATA_REFUSED, refused.message()), amended.accountId(),
                    amended.purchaseId());
        }
        Optional<PurchaseHead> head = ledger.claimHead(amended.accountId(), amended.purchaseId(), clock.instant(),
                headLease());
        if (head.isEmpty()) {
            return new IssueOutcome.Retry(Reason.LEASE_HELD);
        }
        try {
            return amendUnderHead(head.get(), amended, body, Optional.empty(), budget);
        } finally {
            ledger.releaseHead(head.get());
        }
    }

    /**
     * The amendment's work, the head held. {@code refundBody}: a {@code purchase.refunded} being applied to the
     * amended purchase (stored as the refund of the items it reverses), empty for the amendment itself.
     */
    private IssueOutcome amendUnderHead(PurchaseHead head, PurchaseAmended amended, String body,
            Optional<String> refundBody, TimeBudget budget) {
        String accountId = amended.accountId();
        String purchaseId = amended.purchaseId();
        long r = amended.revision();
        Optional<LedgerEntry> original = ledger.find(accountId, purchaseId);
        boolean refundedBeforeHead = original.flatMap(LedgerEntry::refundBody).filter(InvoiceIssuer::isRefund).isPresent();
        AmendVerdict verdict = AmendVerdict.atHead(head, r, refundedBeforeHead, amended.remaining().isEmpty());
        switch (verdict) {
            case AmendVerdict.Stale stale -> {
                // acknowledged; the newest revision's work is finished with its own stored body (this may be a
                // re-enqueued older body whose item the newest revision still has to reverse)
                Optional<IssueOutcome> newest = finishNewest(head, refundBody, budget);
                LOG.info("Revision {} is superseded by revision {}: acknowledged; the newest revision's work: {}", r,
                        stale.newest(), newest.map(IssueOutcome::code).orElse("none"));
                return newest.filter(IssueOutcome.Retry.class::isInstance)
                        .orElse(new IssueOutcome.Duplicate(LedgerState.SUPERSEDED));
            }
            case AmendVerdict.Refuse refuse -> {
                if (!head.refunded()) {
                    ledger.markRefunded(head, clock.instant());
                }
                return deadLetter(body, refuse.cause(), accountId, purchaseId);
            }
            case AmendVerdict.Proceed proceed -> {
                Instant now = clock.instant();
                if (head.newestRevision() < r) {
                    Optional<PurchaseHead> recorded = ledger.recordNewest(head, r, body, now);
                    if (recorded.isEmpty()) {
                        return new IssueOutcome.Retry(Reason.LEASE_HELD);
                    }
                    head = recorded.get();
                }
                if (proceed.wholeRefund() && !head.refunded()) {
                    if (ledger.markRefunded(head, now).isEmpty()) {
                        return new IssueOutcome.Retry(Reason.LEASE_HELD);
                    }
                }
                Optional<Account> account = accounts.find(accountId);
                String storedAsRefund = refundBody.orElse(body);
                // every older revision (and, for a whole refund, this one too) must stop being live
                List<String> items = new ArrayList<>();
                items.add(purchaseId);
                for (LedgerEntry rev : ledger.revisions(accountId, purchaseId)) {
                    long q = PurchaseHead.revisionOf(purchaseId, rev.purchaseId()).orElse(Long.MAX_VALUE);
                    if (q < r || (proceed.wholeRefund() && q == r)) {
                        items.add(rev.purchaseId());
                    }
                }
                String lastStorno = null;
                for (String itemId : items) {
                    IssueOutcome retired = retire(accountId, itemId, storedAsRefund, r, account, budget);
                    if (retired != null) {
                        LOG.info("Amendment r{} waits for {}: {}", r, itemId, retired);
                        return retired;
                    }
                    lastStorno = ledger.find(accountId, itemId).flatMap(LedgerEntry::stornoNumber).orElse(lastStorno);
                }
                if (proceed.wholeRefund()) {
                    // nothing of the purchase is live any more
                    return lastStorno == null ? new IssueOutcome.Duplicate(LedgerState.SUPERSEDED)
                            : new IssueOutcome.Reversed(lastStorno);
                }
                return issue(Target.amendment(amended, body).orElseThrow(), budget, new boolean[1]);
            }
        }
    }

    /**
     * The newest revision's work again, with the body the head stored; empty when the newest revision is the original
     * (no amendment's work to finish).
     */
    private Optional<IssueOutcome> finishNewest(PurchaseHead head, Optional<String> refundBody, TimeBudget budget) {
        Optional<PurchaseAmended> newest = head.newestBody().flatMap(InvoiceIssuer::amendment);
        if (newest.isEmpty() || newest.get().revision() != head.newestRevision()) {
            return Optional.empty();
        }
        return Optional.of(amendUnderHead(head, newest.get(), head.newestBody().get(), refundBody, budget));
    }

    /** After a marked older revision was settled by its own message: the purchase's newest amendment goes on. */
    private Optional<IssueOutcome> resumeNewest(String accountId, String purchaseId, TimeBudget budget) {
        Optional<PurchaseHead> head = ledger.claimHead(accountId, purchaseId, clock.instant(), headLease());
        if (head.isEmpty()) {
            return Optional.of(new IssueOutcome.Retry(Reason.LEASE_HELD));
        }
        try {
            return finishNewest(head.get(), Optional.empty(), budget);
        } finally {
            ledger.releaseHead(head.get());
        }
    }

    /**
     * Makes one older revision item never live again (docs/ISSUING.md, Amendments): null when it is reversed or
     * superseded now; else the outcome that stops the amendment for now (a held storno, a create being settled).
     */
    private IssueOutcome retire(String accountId, String itemId, String storedAsRefund, long byRevision,
            Optional<Account> account, TimeBudget budget) {
        String purchaseId = PurchaseHead.purchaseOf(itemId);
        long revision = PurchaseHead.revisionOf(purchaseId, itemId).orElseThrow();
        String externalId = ExternalIds.ofRevision(accountId, purchaseId, revision);
        Optional<LedgerEntry> item = ledger.find(accountId, itemId);
        for (int attempt = 0; attempt < 4; attempt++) {
            Instant now = clock.instant();
            switch (AmendVerdict.older(item, now)) {
                case AmendVerdict.Done done -> {
                    return null;
                }
                case AmendVerdict.Supersede sup -> {
                    if (ledger.supersede(accountId, itemId, externalId, item, byRevision, now).isPresent()) {
                        return null;
                    }
                }
                case AmendVerdict.Reverse reverse -> {
                    LedgerEntry entry = ledger.recordRefund(accountId, itemId, externalId, storedAsRefund, now);
                    if (entry.state() == LedgerState.REVERSED) {
                        return null;
                    }
                    if (entry.refundPending()) {
                        IssueOutcome reversal = reverse(entry, account, budget);
                        if (!(reversal instanceof IssueOutcome.Reversed)) {
                            return reversal;
                        }
                        return null;
                    }
                    if (entry.state() == LedgerState.FAILED) {
                        // its storno was refused before: the refund waits for a person (REFUND_REJECTED in the DLQ)
                        return new IssueOutcome.Failed(entry.reason().orElse(Reason.REFUND_REJECTED),
                                "revision item " + itemId + " holds invoice " + entry.invoiceNumber().orElse("?")
                                        + " whose storno was refused; a person reverses it");
                    }
                }
                case AmendVerdict.Mark mark -> ledger.markSuperseding(mark.entry(), storedAsRefund, byRevision, now);
                case AmendVerdict.Drive drive -> {
                    if (!hasTimeForACall(budget)) {
                        return new IssueOutcome.Retry(Reason.DEADLINE);
                    }
                    Optional<Target> target = drive.entry().messageBody().flatMap(Target::of);
                    if (target.isEmpty()) {
                        return new IssueOutcome.Retry(Reason.SUPERSEDE_PENDING);
                    }
                    IssueOutcome driven = issue(target.get(), budget, new boolean[1]);
                    LOG.info("Older revision {} driven to settle its create: {}", itemId, driven);
                    if (ledger.find(accountId, itemId).map(LedgerEntry::retired).orElse(false)) {
                        return null;
                    }
                    return driven instanceof IssueOutcome.Parked ? driven : new IssueOutcome.Retry(Reason.SUPERSEDE_PENDING);
                }
                case AmendVerdict.Wait wait -> {
                    return new IssueOutcome.Retry(Reason.SUPERSEDE_PENDING);
                }
            }
            item = ledger.find(accountId, itemId);
        }
        return new IssueOutcome.Retry(Reason.SUPERSEDE_PENDING);
    }

    /** True when a stored refund body is a {@code purchase.refunded} (not an amendment stored as a refund). */
    private static boolean isRefund(String body) {
        return PurchaseMessages.parse(body) instanceof ParseResult.Valid v && v.message() instanceof PurchaseRefunded;
    }

    private static Optional<PurchaseAmended> amendment(String body) {
        return PurchaseMessages.parse(body) instanceof ParseResult.Valid v && v.message() instanceof PurchaseAmended a
                ? Optional.of(a) : Optional.empty();
    }

    /**
     * A refund of an amended purchase (it has a head), under the head's lease: the purchase is marked refunded (later
     * amendments are refused) and the newest revision is retired like a whole-refund amendment (its invoice reversed,
     * with this refund as its refund body; no invoice → superseded).
     */
    private IssueOutcome refundAmended(PurchaseRefunded refunded, String body, TimeBudget budget) {
        Optional<PurchaseHead> head = ledger.claimHead(refunded.accountId(), refunded.purchaseId(), clock.instant(),
                headLease());
        if (head.isEmpty()) {
            return new IssueOutcome.Retry(Reason.LEASE_HELD);
        }
        try {
            PurchaseHead h = head.get();
            if (!h.refunded()) {
                Optional<PurchaseHead> marked = ledger.markRefunded(h, clock.instant());
                if (marked.isEmpty()) {
                    return new IssueOutcome.Retry(Reason.LEASE_HELD);
                }
                h = marked.get();
            }
            Optional<IssueOutcome> newest = h.newestRevision() == 0 ? Optional.empty()
                    : finishNewest(h, Optional.of(body), budget);
            return newest.orElseGet(() -> refundOriginal(refunded, body, budget));
        } finally {
            ledger.releaseHead(head.get());
        }
    }

    private IssueOutcome refund(PurchaseRefunded refunded, String body, TimeBudget budget) {
        if (ledger.findHead(refunded.accountId(), refunded.purchaseId()).isPresent()) {
            return refundAmended(refunded, body, budget);
        }
        IssueOutcome outcome = refundOriginal(refunded, body, budget);
        // an amendment may have created the head meanwhile (it read the original before this refund was recorded):
        // then the refund applies to the amended purchase as well
        if (ledger.findHead(refunded.accountId(), refunded.purchaseId()).isPresent()) {
            return refundAmended(refunded, body, budget);
        }
        return outcome;
    }

    private IssueOutcome refundOriginal(PurchaseRefunded refunded, String body, TimeBudget budget) {
        Optional<Account> account = accounts.find(refunded.accountId());
        if (account.isEmpty()) {
            keys.forget(refunded.accountId());
        }
        LedgerEntry entry = ledger.recordRefund(refunded.accountId(), refunded.purchaseId(), refunded.externalId(), body,
                refunded.refundedAt(), clock.instant());
        if (entry.state() == LedgerState.REVERSED) {
            return new IssueOutcome.Duplicate(LedgerState.REVERSED);
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
        DocumentDesk desk = desks.get(entry.documentType());
        if (next instanceof StornoVerdict.LookUpFirst) {
            if (!hasTimeForACall(budget)) {
                return hold(item, new Cause(Reason.DEADLINE, "no time left to look up " + item.invoiceNumber()));
            }
            next = StornoVerdict.afterLookUp(entry, desk.findByNumber(key, item.invoiceNumber()));
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
                desk.reverse(key, item.invoiceNumber(), entry.externalId(), eInvoice, reason)));
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
