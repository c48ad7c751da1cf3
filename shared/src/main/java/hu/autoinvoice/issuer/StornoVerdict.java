package hu.autoinvoice.issuer;

import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.agent.AgentResult;
import hu.autoinvoice.agent.InvoiceData;
import hu.autoinvoice.agent.IssuedDocument;
import hu.autoinvoice.ledger.Cause;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.Reason;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * What the issuer does next for an invoice whose refund is pending ({@code REFUND_PENDING}), decided without I/O
 * (the {@code ProbeVerdict} pattern; docs/ISSUING.md): storno it, look it up first, or hold or fail the refund.
 * {@code StornoVerdictTest} checks every answer.
 */
sealed interface StornoVerdict {

    /** Send the storno. */
    record Storno() implements StornoVerdict {}

    /** The invoice was issued under another key: look it up by number in the connected account first. */
    record LookUpFirst() implements StornoVerdict {}

    /** The storno reversed the invoice. */
    record Reversed(String stornoNumber) implements StornoVerdict {
        public Reversed {
            Objects.requireNonNull(stornoNumber, "stornoNumber");
        }
    }

    /** Not now: the item stays {@code REFUND_PENDING} with the cause (parked for an account, else retried). */
    record Hold(Cause cause) implements StornoVerdict {}

    /** The Agent refused the account: mark it {@code status} and hold the refund. */
    record AccountRefused(AccountStatus status, String message) implements StornoVerdict {}

    /** Failed for good: the refund to the DLQ, the item {@code FAILED} with its invoice kept, for a person. */
    record Fail(Cause cause) implements StornoVerdict {}

    /** Before any call: the account must be able to issue, and an invoice of another key is looked up first. */
    static StornoVerdict before(LedgerEntry entry, Optional<Account> account) {
        Optional<Cause> unusable = IssueVerdict.unusable(account);
        if (unusable.isPresent()) {
            return new Hold(unusable.get());
        }
        // a new key of the same company holds the invoice; number N in another company is another invoice
        return entry.fromAnotherKey(account.orElseThrow().keyFingerprint()) ? new LookUpFirst() : new Storno();
    }

    /** After looking up an invoice issued under the previous key: does the connected account hold it? */
    static StornoVerdict afterLookUp(LedgerEntry entry, AgentResult<InvoiceData> found) {
        String number = entry.invoiceNumber().orElseThrow();
        return switch (found) {
            case AgentResult.Ok<InvoiceData> ok when IssueVerdict.adoptable(ok.value())
                    && ok.value().orderNumber().filter(entry.purchaseId()::equals).isPresent() -> new Storno();
            case AgentResult.Ok<InvoiceData> ok -> new Fail(new Cause(Reason.INVOICE_IN_OTHER_ACCOUNT, "invoice " + number
                    + " was issued with the previously connected Számla Agent key; in the connected account that number is "
                    + IssueVerdict.describe(ok.value()) + " of another order: reverse " + number + " in the previous account"));
            case AgentResult.Failed<InvoiceData> f -> switch (f.error().outcomeClass()) {
                case NOT_FOUND -> new Fail(new Cause(Reason.INVOICE_IN_OTHER_ACCOUNT, "invoice " + number
                        + " was issued with the previously connected Számla Agent key and is not in the connected "
                        + "Számlázz.hu account: reverse it in the previous account"));
                case ACCOUNT -> new AccountRefused(AccountStatus.of(f.error()),
                        f.error().message());
                case TRANSIENT, UNKNOWN, DATA, DUPLICATE_ORDER -> new Hold(new Cause(Reason.LOOKUP_INCONCLUSIVE,
                        f.error().outcomeClass() + " " + IssueVerdict.withCode(f.error())));
            };
        };
    }

    /**
     * After the storno of invoice {@code number}: confirmed only when the answer is another document with a total
     * that is not positive. A storno is idempotent per original at the vendor: retrying it cannot make a second one.
     */
    static StornoVerdict afterStorno(String number, AgentResult<IssuedDocument> storno) {
        return switch (storno) {
            case AgentResult.Ok<IssuedDocument> ok -> {
                IssuedDocument doc = ok.value();
                boolean negative = doc.grossTotal().map(g -> g.compareTo(BigDecimal.ZERO) <= 0).orElse(true)
                        && doc.netTotal().map(n -> n.compareTo(BigDecimal.ZERO) <= 0).orElse(true);
                yield doc.invoiceNumber().equals(number) || !negative
                        ? new Fail(new Cause(Reason.STORNO_NOT_CONFIRMED, "storno answer " + doc + " does not reverse " + number))
                        : new Reversed(doc.invoiceNumber());
            }
            case AgentResult.Failed<IssuedDocument> f -> switch (f.error().outcomeClass()) {
                case ACCOUNT -> new AccountRefused(AccountStatus.of(f.error()),
                        f.error().message());
                case DATA, NOT_FOUND, DUPLICATE_ORDER ->
                        new Fail(new Cause(Reason.REFUND_REJECTED, IssueVerdict.withCode(f.error())));
                case TRANSIENT -> new Hold(new Cause(Reason.STORNO_TRANSIENT, IssueVerdict.withCode(f.error())));
                case UNKNOWN -> new Hold(new Cause(Reason.STORNO_OUTCOME_UNKNOWN, IssueVerdict.withCode(f.error())));
            };
        };
    }
}
