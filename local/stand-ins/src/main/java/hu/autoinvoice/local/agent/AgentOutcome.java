package hu.autoinvoice.local.agent;

import hu.autoinvoice.agent.AgentErrorCode;

/** What the simulated vendor decided for one Agent request (expected outcomes are values, not exceptions). */
sealed interface AgentOutcome {

    /**
     * A document was created, or an equivalent earlier one is answered again (a replay) ({@code withPdf}: the request
     * asked for the PDF in the answer).
     */
    record Issued(StoredDocument document, boolean withPdf) implements AgentOutcome {
    }

    /**
     * A preview PDF was produced; nothing was created. {@code number} and {@code id}: what the create would get if it
     * were sent now (nothing is reserved).
     */
    record Previewed(String number, long id) implements AgentOutcome {
    }

    /** A storno answer: the new storno document, or the existing one on a repeat. */
    record Reversed(StoredDocument storno, boolean withPdf) implements AgentOutcome {
    }

    /** A query found a document. */
    record Found(StoredDocument document, boolean withPdf) implements AgentOutcome {
    }

    /** A receipt answer: the new receipt or receipt storno, or the receipt a get found. */
    record Receipt(StoredReceipt receipt, boolean withPdf) implements AgentOutcome {
    }

    /** A receipt e-mail was (recorded as) sent. */
    record ReceiptSent() implements AgentOutcome {
    }

    /**
     * A refusal. {@code bodyOnly}: the vendor reports it only in the body, without {@code szlahu_error*} headers
     * (the XML query's code 7).
     */
    record Rejected(AgentErrorCode error, String message, boolean bodyOnly) implements AgentOutcome {

        static Rejected of(AgentErrorCode error) {
            return new Rejected(error, error.hungarian(), false);
        }
    }
}
