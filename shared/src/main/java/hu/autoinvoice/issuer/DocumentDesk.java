package hu.autoinvoice.issuer;

import hu.autoinvoice.account.Account;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.AgentResult;
import hu.autoinvoice.agent.InvoiceData;
import hu.autoinvoice.agent.IssuedDocument;
import hu.autoinvoice.agent.IssuedReceipt;
import hu.autoinvoice.agent.OutcomeClass;
import hu.autoinvoice.agent.ReceiptSelector;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.invoice.CallId;
import hu.autoinvoice.invoice.DocumentType;
import hu.autoinvoice.invoice.InvoiceDraft;
import hu.autoinvoice.invoice.InvoiceLanguage;
import hu.autoinvoice.invoice.ReceiptDraft;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Agent calls that differ between an invoice and a receipt (docs/ISSUING.md, "Receipts"); the issuer's steps —
 * claim, count the send, create, look up before a repeat, record, reverse — and its verdicts are the same for both,
 * reading a receipt's answers as document data ({@link InvoiceData#ofReceipt}, {@link IssuedDocument#ofReceipt}).
 *
 * <table>
 *   <caption>The calls of each kind</caption>
 *   <tr><th>step</th><th>invoice</th><th>receipt</th></tr>
 *   <tr><td>create</td><td>{@code xmlszamla}</td><td>{@code xmlnyugtacreate} with the call id</td></tr>
 *   <tr><td>find our own (before a repeat)</td><td>by external id</td><td>by call id</td></tr>
 *   <tr><td>after a duplicate refusal</td><td>by order number (71/152)</td><td>by call id (338)</td></tr>
 *   <tr><td>look up by number</td><td>{@code xmlszamlaxml}</td><td>{@code xmlnyugtaget}</td></tr>
 *   <tr><td>reverse</td><td>{@code xmlszamlast}</td><td>{@code xmlnyugtast} with the storno's call id</td></tr>
 * </table>
 */
sealed interface DocumentDesk {

    /** The kind this desk issues. */
    DocumentType type();

    /** Whether this account's documents of this kind are e-invoices (a receipt never is). */
    boolean eInvoice(Account account);

    /**
     * Creates the document for {@code draft} (whose external id is the item's: a receipt's call id is the same
     * string). A receipt needs the account's receipt prefix (the issuer parks the item when it has none).
     */
    AgentResult<IssuedDocument> create(AgentKey key, Account account, InvoiceDraft draft);

    /** The document an earlier create of this item made, if any (not found → {@link OutcomeClass#NOT_FOUND}). */
    AgentResult<InvoiceData> findOwn(AgentKey key, String externalId);

    /** After a duplicate refusal of a create: the document holding what made it a duplicate. */
    AgentResult<InvoiceData> findAfterDuplicate(AgentKey key, InvoiceDraft draft);

    /** A document by its number. */
    AgentResult<InvoiceData> findByNumber(AgentKey key, String number);

    /**
     * Reverses document {@code number}, which was issued under {@code externalId}; the answer is the storno.
     *
     * @param eInvoice an invoice's form (the vendor uses the request's value); unused for a receipt
     */
    AgentResult<IssuedDocument> reverse(AgentKey key, String number, String externalId, boolean eInvoice,
            Optional<String> reason);

    /**
     * Sends the buyer the issued document when the purchase asked for it ({@code sendEmail}) and names an address. An
     * invoice's create carried the request (the vendor e-mails it); a receipt's create cannot, so it is sent now with
     * {@code xmlnyugtasend}. Best effort: a failure is logged, not retried (the organiser can send it again from
     * Számlázz.hu).
     */
    void deliver(AgentKey key, String number, InvoiceDraft draft);

    /** The desk of {@code type}. */
    static DocumentDesk of(DocumentType type, SzamlaAgentClient agent) {
        return switch (type) {
            case INVOICE -> new Invoices(agent);
            case RECEIPT -> new Receipts(agent);
        };
    }

    /** Invoices: the external id and the order number are what the vendor finds them by. */
    record Invoices(SzamlaAgentClient agent) implements DocumentDesk {
        public Invoices {
            Objects.requireNonNull(agent, "agent");
        }

        @Override
        public DocumentType type() {
            return DocumentType.INVOICE;
        }

        @Override
        public boolean eInvoice(Account account) {
            return account.eInvoice();
        }

        @Override
        public AgentResult<IssuedDocument> create(AgentKey key, Account account, InvoiceDraft draft) {
            return agent.createInvoice(key, account.invoiceSettings(), draft);
        }

        @Override
        public AgentResult<InvoiceData> findOwn(AgentKey key, String externalId) {
            return agent.queryByExternalId(key, externalId);
        }

        @Override
        public AgentResult<InvoiceData> findAfterDuplicate(AgentKey key, InvoiceDraft draft) {
            return agent.queryByOrderNumber(key, draft.orderNumber());
        }

        @Override
        public AgentResult<InvoiceData> findByNumber(AgentKey key, String number) {
            return agent.queryByNumber(key, number);
        }

        @Override
        public AgentResult<IssuedDocument> reverse(AgentKey key, String number, String externalId, boolean eInvoice,
                Optional<String> reason) {
            return agent.reverseInvoice(key, number, eInvoice, reason);
        }

        @Override
        public void deliver(AgentKey key, String number, InvoiceDraft draft) {
            // the create asked the vendor to e-mail it (sendEmail)
        }
    }

    /**
     * Receipts: the call id (the item's external id) is the vendor's own idempotency key — a repeated create or storno
     * is refused with 338 and the receipt is found by the call id.
     */
    record Receipts(SzamlaAgentClient agent) implements DocumentDesk {
        private static final Logger LOG = LoggerFactory.getLogger(Receipts.class);

        public Receipts {
            Objects.requireNonNull(agent, "agent");
        }

        @Override
        public DocumentType type() {
            return DocumentType.RECEIPT;
        }

        @Override
        public boolean eInvoice(Account account) {
            return false;
        }

        @Override
        public AgentResult<IssuedDocument> create(AgentKey key, Account account, InvoiceDraft draft) {
            String prefix = account.receiptPrefix().orElseThrow(() -> new IllegalStateException("no receipt prefix"));
            return agent.createReceipt(key, ReceiptDraft.of(draft, prefix, new CallId(draft.externalId())))
                    .map(IssuedDocument::ofReceipt);
        }

        @Override
        public AgentResult<InvoiceData> findOwn(AgentKey key, String externalId) {
            return agent.findReceipt(key, new CallId(externalId)).map(InvoiceData::ofReceipt);
        }

        @Override
        public AgentResult<InvoiceData> findAfterDuplicate(AgentKey key, InvoiceDraft draft) {
            return findOwn(key, draft.externalId());
        }

        @Override
        public AgentResult<InvoiceData> findByNumber(AgentKey key, String number) {
            return agent.receipt(key, new ReceiptSelector.ByNumber(number), false).map(InvoiceData::ofReceipt);
        }

        /** A 338 answers a storno sent before (its reply lost): the storno is then found by its call id. */
        @Override
        public AgentResult<IssuedDocument> reverse(AgentKey key, String number, String externalId, boolean eInvoice,
                Optional<String> reason) {
            CallId stornoCallId = new CallId(externalId).storno();
            AgentResult<IssuedReceipt> storno = agent.reverseReceipt(key, number, Optional.of(stornoCallId));
            if (storno instanceof AgentResult.Failed<IssuedReceipt> f
                    && f.error().outcomeClass() == OutcomeClass.DUPLICATE_ORDER) {
                storno = agent.receipt(key, new ReceiptSelector.ByCallId(stornoCallId), false);
            }
            return storno.map(IssuedDocument::ofReceipt);
        }

        @Override
        public void deliver(AgentKey key, String number, InvoiceDraft draft) {
            Optional<String> to = draft.buyer().email().filter(e -> draft.buyer().sendEmail());
            if (to.isEmpty()) {
                return;
            }
            boolean hungarian = draft.language() == InvoiceLanguage.HU;
            AgentResult<Boolean> sent = agent.sendReceipt(key, number, to.get(),
                    (hungarian ? "Nyugta " : "Receipt ") + number, Optional.empty());
            if (sent instanceof AgentResult.Failed<Boolean> f) {
                LOG.warn("Receipt {} issued, its e-mail to the buyer not sent ({}): not retried", number,
                        f.error().outcomeClass());
            }
        }
    }
}
