package hu.autoinvoice.agent;

import hu.autoinvoice.invoice.CallId;
import hu.autoinvoice.invoice.InvoiceDraft;
import hu.autoinvoice.invoice.InvoiceSettings;
import hu.autoinvoice.invoice.ReceiptDraft;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Számla Agent client: render → send once → classify. Every call makes exactly one HTTP request (no retries;
 * the caller owns the vendor's 5-sends rule) and returns an {@link AgentResult}; expected failures, including
 * timeouts and I/O errors, are values. Log lines carry the key's hint only.
 *
 * <p>On a create, code 7 ("missing data") is reported as {@link OutcomeClass#DATA} rather than
 * {@link OutcomeClass#NOT_FOUND}: nothing was being looked up, the request lacked something.
 */
public final class SzamlaAgentClient {

    private static final Logger LOG = LoggerFactory.getLogger(SzamlaAgentClient.class);

    private final AgentTransport transport;
    private final AgentRequestRenderer renderer;
    private final AgentResponseParser parser;

    public SzamlaAgentClient(AgentTransport transport) {
        this(transport, new AgentRequestRenderer(), new AgentResponseParser());
    }

    SzamlaAgentClient(AgentTransport transport, AgentRequestRenderer renderer, AgentResponseParser parser) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** A client over {@link HttpAgentTransport} with the given settings. */
    public static SzamlaAgentClient overHttp(AgentHttpConfig config) {
        return new SzamlaAgentClient(new HttpAgentTransport(config));
    }

    /** Issues the invoice ({@code xmlszamla}, {@code valaszVerzio=2}, no PDF download). */
    public AgentResult<IssuedDocument> createInvoice(AgentKey key, InvoiceSettings settings, InvoiceDraft draft) {
        AgentRequest request = renderer.createInvoice(key, settings, draft, false);
        return log(key, request, missingDataIsData(parser.document(transport.send(key, request), key)));
    }

    /** Asks for a preview PDF of the invoice ({@code elonezetpdf=true}); creates no document. */
    public AgentResult<InvoicePreview> previewInvoice(AgentKey key, InvoiceSettings settings, InvoiceDraft draft) {
        AgentRequest request = renderer.createInvoice(key, settings, draft, true);
        return log(key, request, missingDataIsData(parser.preview(transport.send(key, request), key)));
    }

    /**
     * Reverses (stornos) an invoice. The vendor answers a repeated storno of the same original with the existing
     * storno's number.
     *
     * @param eInvoice the original's form (the vendor uses whatever is sent)
     * @param reason printed on the storno as its comment
     */
    public AgentResult<IssuedDocument> reverseInvoice(AgentKey key, String invoiceNumber, boolean eInvoice, Optional<String> reason) {
        AgentRequest request = renderer.reverseInvoice(key, invoiceNumber, eInvoice, reason);
        return log(key, request, parser.document(transport.send(key, request), key));
    }

    /** Invoice data by our external id ({@code szamlaKulsoAzon}); not found → {@link OutcomeClass#NOT_FOUND}. */
    public AgentResult<InvoiceData> queryByExternalId(AgentKey key, String externalId) {
        return query(key, new InvoiceSelector.ByExternalId(externalId));
    }

    /** Invoice data by order number: the newest document of any type under it (a storno, after a reversal). */
    public AgentResult<InvoiceData> queryByOrderNumber(AgentKey key, String orderNumber) {
        return query(key, new InvoiceSelector.ByOrderNumber(orderNumber));
    }

    /** Invoice data by invoice number. */
    public AgentResult<InvoiceData> queryByNumber(AgentKey key, String invoiceNumber) {
        return query(key, new InvoiceSelector.ByNumber(invoiceNumber));
    }

    /** Invoice data by any selector, optionally with the PDF. */
    public AgentResult<InvoiceData> query(AgentKey key, InvoiceSelector selector, boolean withPdf) {
        AgentRequest request = renderer.queryInvoice(key, selector, withPdf);
        return log(key, request, parser.invoiceData(transport.send(key, request), key));
    }

    private AgentResult<InvoiceData> query(AgentKey key, InvoiceSelector selector) {
        return query(key, selector, false);
    }

    /** The PDF of an invoice by number ({@code xmlszamlapdf}, {@code valaszVerzio=2}). */
    public AgentResult<IssuedDocument> invoicePdf(AgentKey key, String invoiceNumber) {
        AgentRequest request = renderer.queryPdf(key, new InvoiceSelector.ByNumber(invoiceNumber));
        return log(key, request, parser.document(transport.send(key, request), key));
    }

    /**
     * Issues a receipt ({@code xmlnyugtacreate}) under the draft's call id. A call id the vendor has seen is refused
     * with 338 ({@link OutcomeClass#DUPLICATE_ORDER}): nothing new was created and the existing receipt is not in the
     * answer — {@link #findReceipt} by the same call id returns it (docs/VENDOR.md, "Receipts").
     */
    public AgentResult<IssuedReceipt> createReceipt(AgentKey key, ReceiptDraft draft) {
        AgentRequest request = renderer.createReceipt(key, draft);
        return log(key, request, parser.receipt(transport.send(key, request), key));
    }

    /**
     * Reverses a receipt ({@code xmlnyugtast}); the answer is the storno ({@code SN}, negative totals). With a call id
     * a repeat is refused like a create's (338; find the storno by the call id).
     */
    public AgentResult<IssuedReceipt> reverseReceipt(AgentKey key, String receiptNumber, Optional<CallId> callId) {
        AgentRequest request = renderer.reverseReceipt(key, receiptNumber, callId);
        return log(key, request, parser.receipt(transport.send(key, request), key));
    }

    /**
     * The receipt issued with a call id ({@code xmlnyugtaget}); none → {@link OutcomeClass#NOT_FOUND} (the vendor's
     * 339, "the receipt does not exist", is a data refusal elsewhere but the answer of a look-up here).
     */
    public AgentResult<IssuedReceipt> findReceipt(AgentKey key, CallId callId) {
        return receipt(key, new ReceiptSelector.ByCallId(callId), false);
    }

    /** A receipt by number or call id, optionally with its PDF; none → {@link OutcomeClass#NOT_FOUND}. */
    public AgentResult<IssuedReceipt> receipt(AgentKey key, ReceiptSelector selector, boolean withPdf) {
        AgentRequest request = renderer.getReceipt(key, selector, withPdf);
        return log(key, request, receiptNotFoundIsNotFound(parser.receipt(transport.send(key, request), key)));
    }

    /** E-mails a receipt ({@code xmlnyugtasend}); the value is {@code true}. */
    public AgentResult<Boolean> sendReceipt(AgentKey key, String receiptNumber, String email, String subject,
            Optional<String> text) {
        AgentRequest request = renderer.sendReceipt(key, receiptNumber, email, subject, text);
        return log(key, request, parser.receiptSent(transport.send(key, request), key));
    }

    private static <T> AgentResult<T> receiptNotFoundIsNotFound(AgentResult<T> result) {
        if (result instanceof AgentResult.Failed<T> f
                && f.error().known().filter(c -> c == AgentErrorCode.RECEIPT_NOT_FOUND).isPresent()) {
            AgentError e = f.error();
            return AgentResult.failed(new AgentError(OutcomeClass.NOT_FOUND, e.code(), e.message()));
        }
        return result;
    }

    private static <T> AgentResult<T> missingDataIsData(AgentResult<T> result) {
        if (result instanceof AgentResult.Failed<T> f && f.error().outcomeClass() == OutcomeClass.NOT_FOUND) {
            AgentError e = f.error();
            return AgentResult.failed(new AgentError(OutcomeClass.DATA, e.code(), e.message()));
        }
        return result;
    }

    private static String code(AgentError error) {
        return error.code().isPresent() ? " (code " + error.code().getAsInt() + ")" : "";
    }

    private static <T> AgentResult<T> log(AgentKey key, AgentRequest request, AgentResult<T> result) {
        switch (result) {
            case AgentResult.Ok<T> ok -> LOG.info("Agent {} ok ({}): {}", request.action(), key, ok.value());
            // "not found" answers a look-up (the query before a resend, the probe's sentinel): no failure
            case AgentResult.Failed<T> f when f.error().outcomeClass() == OutcomeClass.NOT_FOUND ->
                    LOG.info("Agent {} ({}): nothing found{}", request.action(), key, code(f.error()));
            case AgentResult.Failed<T> f -> LOG.info("Agent {} failed ({}): {}{} {}", request.action(), key,
                    f.error().outcomeClass(), code(f.error()), f.error().message());
        }
        return result;
    }
}
