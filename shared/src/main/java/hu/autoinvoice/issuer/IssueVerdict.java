package hu.autoinvoice.issuer;

import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.agent.AgentError;
import hu.autoinvoice.agent.AgentResult;
import hu.autoinvoice.agent.InvoiceData;
import hu.autoinvoice.agent.IssuedDocument;
import hu.autoinvoice.ledger.Cause;
import hu.autoinvoice.ledger.Claim;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.ledger.Reason;
import hu.autoinvoice.ledger.SendSlot;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * What the issuer does next for a {@code purchase.paid}, decided without I/O from the ledger item, the account and
 * the Agent's answer (the {@code ProbeVerdict} pattern; docs/ISSUING.md). {@link InvoiceIssuer} makes the calls and
 * writes; these functions decide, and {@code IssueVerdictTest} checks every state against every answer.
 */
sealed interface IssueVerdict {

    /** Send the create. */
    record Create() implements IssueVerdict {}

    /** An earlier create may have issued the invoice: query by external id before sending again. */
    record QueryFirst() implements IssueVerdict {}

    /** The order number is taken (71/152): query by order number to see whose invoice holds it. */
    record QueryOrderNumber() implements IssueVerdict {}

    /** The invoice exists (created now or found): record it. */
    record Record(String invoiceNumber, boolean eInvoice) implements IssueVerdict {
        public Record {
            Objects.requireNonNull(invoiceNumber, "invoiceNumber");
        }
    }

    /** The invoice exists and a refund is pending: reverse it now. */
    record Reverse(LedgerEntry entry) implements IssueVerdict {}

    /** Already done (a duplicate or redriven delivery). */
    record Duplicate(LedgerState state) implements IssueVerdict {}

    /** The account cannot issue now: park the claimed item (nothing was sent by this delivery). */
    record Park(Cause cause) implements IssueVerdict {}

    /**
     * The Agent refused the account: mark it {@code status} and park the item. {@code createRefused}: the refusal
     * answered a create, which therefore created nothing (the send is settled).
     */
    record AccountRefused(AccountStatus status, String message, boolean createRefused) implements IssueVerdict {}

    /** Outcome unknown: the item stays {@code SENDING}, untouched for the settle time; the queue retries. */
    record Settle(Cause cause) implements IssueVerdict {}

    /**
     * Failed for good: the message to the DLQ, the item {@code FAILED}. {@code sendSettled}: the last create is known
     * to have created nothing (its key fingerprint is dropped, a later create under another key is no duplicate).
     */
    record Fail(Cause cause, boolean sendSettled) implements IssueVerdict {}

    /** Refused without touching the item (it is not ours to change): the message to the DLQ. */
    record Reject(Cause cause) implements IssueVerdict {}

    /** Not now, nothing written: the queue retries. */
    record Retry(Reason reason) implements IssueVerdict {}

    /**
     * A revision an amendment marked (docs/ISSUING.md, Amendments) has no invoice at the vendor: it becomes
     * {@code SUPERSEDED} instead of being created.
     */
    record Supersede() implements IssueVerdict {}

    /**
     * A create for a revision an amendment marked ({@code supersededBy}) is never sent: the query found nothing, so no
     * invoice exists and none ever will. Every other verdict stands.
     */
    static IssueVerdict unlessSuperseded(LedgerEntry entry, IssueVerdict next) {
        return entry.supersededBy().isPresent() && next instanceof Create ? new Supersede() : next;
    }

    /** After the claim: who holds the item, whether the account can issue, and whether a create may already exist. */
    static IssueVerdict afterClaim(Claim claim, Optional<Account> account) {
        return switch (claim) {
            case Claim.Busy busy -> new Retry(Reason.LEASE_HELD);
            case Claim.HasInvoice has -> has.entry().refundPending() ? new Reverse(has.entry())
                    : new Duplicate(has.entry().state());
            case Claim.Changed changed -> new Reject(new Cause(Reason.PURCHASE_CHANGED, "the purchase was changed after "
                    + changed.entry().invoiceNumber().map(n -> "its invoice " + n + " was issued")
                            .orElse("a create was sent with its earlier content")
                    + "; a changed purchase is not issued again (send an amendment, or fix it in Számlázz.hu)"));
            case Claim.Claimed claimed -> {
                Optional<Cause> unusable = unusable(account);
                if (unusable.isPresent()) {
                    yield new Park(unusable.get());
                }
                yield !claimed.firstSendReserved() && claimed.entry().sends() > 0 ? new QueryFirst() : new Create();
            }
        };
    }

    /**
     * After the query by external id that precedes a repeated create. {@code connectedKey} is the fingerprint of the
     * account's key now: a create sent under another key may have issued the invoice where we can no longer look.
     */
    static IssueVerdict afterQuery(LedgerEntry entry, String connectedKey, AgentResult<InvoiceData> found) {
        return switch (found) {
            case AgentResult.Ok<InvoiceData> ok when adoptable(ok.value()) ->
                    new Record(ok.value().invoiceNumber(), ok.value().eInvoice());
            // a storno, a reversed invoice or another type under our external id: changed outside Autoinvoice;
            // another create could double the invoice, so a person decides
            case AgentResult.Ok<InvoiceData> ok -> new Fail(new Cause(Reason.INVOICE_REVERSED_ELSEWHERE,
                    "the query by external id found " + describe(ok.value()) + ", not an invoice to adopt"), false);
            case AgentResult.Failed<InvoiceData> f -> switch (f.error().outcomeClass()) {
                case NOT_FOUND -> entry.fromAnotherKey(connectedKey)
                        ? new Fail(new Cause(Reason.UNCONFIRMED_UNDER_PREVIOUS_KEY, "a create for this purchase was sent "
                                + "with the previously connected Számla Agent key and its outcome is unknown; it is not in "
                                + "the connected Számlázz.hu account. Check the previous account for order number "
                                + entry.purchaseId() + ": if the invoice is there, nothing is missing; if not, re-issue "
                                + "and it is created in the connected account"), true)
                        : new Create();
                case ACCOUNT -> accountRefused(f.error(), false);
                case TRANSIENT, UNKNOWN, DATA, DUPLICATE_ORDER ->
                        new Settle(new Cause(Reason.QUERY_INCONCLUSIVE, described(f.error())));
            };
        };
    }

    /** After counting the send: go, someone else took the item, or the five sends are spent. */
    static IssueVerdict afterSendSlot(SendSlot slot) {
        return switch (slot) {
            case SendSlot.Granted granted -> new Create();
            case SendSlot.Lost lost -> new Retry(Reason.CLAIM_LOST);
            case SendSlot.Exhausted ex -> new Fail(new Cause(Reason.SEND_BUDGET_EXHAUSTED,
                    "create sent " + ex.sends() + " times without a confirmed invoice"), false);
        };
    }

    /** After the create. {@code eInvoice}: the form the account issues in (the created invoice's). */
    static IssueVerdict afterCreate(AgentResult<IssuedDocument> created, boolean eInvoice) {
        return switch (created) {
            case AgentResult.Ok<IssuedDocument> ok -> new Record(ok.value().invoiceNumber(), eInvoice);
            case AgentResult.Failed<IssuedDocument> f -> switch (f.error().outcomeClass()) {
                case ACCOUNT -> accountRefused(f.error(), true);
                // nothing new was created; the order number holds a document: look whose
                case DUPLICATE_ORDER -> new QueryOrderNumber();
                case DATA, NOT_FOUND -> new Fail(new Cause(Reason.AGENT_DATA_ERROR, withCode(f.error())), true);
                case TRANSIENT -> new Settle(new Cause(Reason.AGENT_TRANSIENT, described(f.error())));
                case UNKNOWN -> new Settle(new Cause(Reason.AGENT_OUTCOME_UNKNOWN, described(f.error())));
            };
        };
    }

    /**
     * After the query by order number that follows a refused duplicate: adopt the invoice if it is this purchase's
     * (same order number, an ordinary invoice not reversed, and — where the answer tells — the same gross total).
     */
    static IssueVerdict afterOrderQuery(String purchaseId, BigDecimal ourGross, String currency,
            AgentResult<InvoiceData> byOrder) {
        return switch (byOrder) {
            case AgentResult.Ok<InvoiceData> other when !adoptable(other.value()) -> new Fail(new Cause(
                    Reason.ORDER_NUMBER_TAKEN, "order number " + purchaseId + " is held by " + describe(other.value())
                            + ", not an invoice to adopt"), true);
            case AgentResult.Ok<InvoiceData> ok when ok.value().orderNumber().filter(purchaseId::equals).isPresent() -> {
                Optional<BigDecimal> theirs = ok.value().grossTotal();
                if (theirs.isEmpty() || theirs.get().compareTo(ourGross) == 0) {
                    yield new Record(ok.value().invoiceNumber(), ok.value().eInvoice());
                }
                yield new Fail(new Cause(Reason.ORDER_NUMBER_TAKEN, "order number " + purchaseId
                        + " already holds invoice " + ok.value().invoiceNumber() + " of gross "
                        + theirs.get().toPlainString() + " " + currency + "; this purchase is " + ourGross.toPlainString()),
                        true);
            }
            case AgentResult.Ok<InvoiceData> ok -> new Settle(new Cause(Reason.DUPLICATE_ORDER_UNRESOLVED,
                    "the order number query answered " + describe(ok.value()) + " of another order"));
            case AgentResult.Failed<InvoiceData> f ->
                    new Settle(new Cause(Reason.DUPLICATE_ORDER_UNRESOLVED, described(f.error())));
        };
    }

    /** Why an account cannot issue now, empty when it can. */
    static Optional<Cause> unusable(Optional<Account> account) {
        if (account.isEmpty()) {
            return Optional.of(new Cause(Reason.ACCOUNT_NOT_CONNECTED, "no Számlázz.hu account connected"));
        }
        Account a = account.get();
        return a.isHealthy() ? Optional.empty()
                : Optional.of(new Cause(Reason.accountUnusable(a.status()), a.statusReason()));
    }

    /**
     * A document the ledger may take as this purchase's: an ordinary invoice ({@code SZ}) or receipt ({@code NY}) that
     * is not reversed (each look-up only answers its own kind: by external id invoices, by call id receipts).
     */
    static boolean adoptable(InvoiceData found) {
        return found.isIssuable() && !found.reversed();
    }

    static String describe(InvoiceData found) {
        return "document " + found.invoiceNumber() + " of type " + found.documentType()
                + (found.reversed() ? " (reversed)" : "");
    }

    /** The vendor's code and message, or the message alone (transport failures have no code). */
    static String withCode(AgentError error) {
        return error.code().isPresent() ? error.code().getAsInt() + ": " + error.message() : error.message();
    }

    private static String described(AgentError error) {
        return error.outcomeClass() + " " + withCode(error);
    }

    private static AccountRefused accountRefused(AgentError error, boolean createRefused) {
        return new AccountRefused(AccountStatus.of(error), error.message(), createRefused);
    }
}
