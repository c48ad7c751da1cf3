package hu.autoinvoice.connect;

import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.invoice.DocumentType;
import hu.autoinvoice.invoice.InvoiceSettings;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated {@code PUT /accounts/{accountId}/szamlazz} body. Its {@code toString} shows the key's hint only.
 *
 * @param agentKey trimmed, plausible (see {@link ConnectRequests})
 * @param invoicePrefix empty = the account's default prefix in Számlázz.hu
 * @param documentType what private buyers get: invoices, or e-receipts (company buyers always get an invoice)
 * @param receiptPrefix the receipt number prefix; present exactly when {@code documentType} is {@code RECEIPT}
 */
public record ConnectRequest(AgentKey agentKey, boolean eInvoice, Optional<String> invoicePrefix,
        DocumentType documentType, Optional<String> receiptPrefix) {

    public ConnectRequest {
        Objects.requireNonNull(agentKey, "agentKey");
        Objects.requireNonNull(invoicePrefix, "invoicePrefix");
        Objects.requireNonNull(documentType, "documentType");
        Objects.requireNonNull(receiptPrefix, "receiptPrefix");
        if (receiptPrefix.isPresent() != (documentType == DocumentType.RECEIPT)) {
            throw new IllegalArgumentException("a receipt prefix goes with receipts, and receipts need one");
        }
    }

    /** A request for an account that issues invoices to every buyer. */
    public ConnectRequest(AgentKey agentKey, boolean eInvoice, Optional<String> invoicePrefix) {
        this(agentKey, eInvoice, invoicePrefix, DocumentType.INVOICE, Optional.empty());
    }

    public InvoiceSettings invoiceSettings() {
        return new InvoiceSettings(eInvoice, invoicePrefix);
    }

    /** True when a preview create is needed to check the invoice choices (a prefix, or e-invoices). */
    public boolean needsPreview() {
        return eInvoice || invoicePrefix.isPresent();
    }
}
