package hu.autoinvoice.issuer;

import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.ledger.Reason;

/**
 * What became of one queue message. Everything but {@link Retry} is acknowledged (deleted from the queue);
 * {@link Retry} is reported as a batch item failure, so SQS delivers it again after the visibility timeout.
 */
public sealed interface IssueOutcome {

    /** True when the message is done with (deleted from the queue). */
    default boolean acknowledged() {
        return !(this instanceof Retry);
    }

    /** Short machine code for logs and metrics. */
    String code();

    /** The invoice was issued (or found, after an unknown outcome) under this number. */
    record Issued(String invoiceNumber) implements IssueOutcome {
        public String code() {
            return "ISSUED";
        }
    }

    /**
     * Nothing to do: the purchase was already invoiced (or reversed), or this revision of it superseded — a duplicate,
     * redriven or stale delivery. {@code state}: the state of the item that made it one.
     */
    record Duplicate(LedgerState state) implements IssueOutcome {
        public String code() {
            return "DUPLICATE";
        }
    }

    /** Parked until the account is fixed (or, for a refund, until the invoice exists); no retry storm. */
    record Parked(Reason reason) implements IssueOutcome {
        public String code() {
            return "PARKED";
        }
    }

    /** Sent to the DLQ with {@code reason} (poison message, data refused, send budget spent, storno refused). */
    record Failed(Reason reason, String message) implements IssueOutcome {
        public String code() {
            return "FAILED";
        }
    }

    /** Not done; SQS retries after the visibility timeout (outcome unknown, live lease, transient failure). */
    record Retry(Reason reason) implements IssueOutcome {
        public String code() {
            return "RETRY";
        }
    }

    /** The invoice was reversed by this storno. */
    record Reversed(String stornoNumber) implements IssueOutcome {
        public String code() {
            return "REVERSED";
        }
    }
}
