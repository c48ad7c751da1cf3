package hu.autoinvoice.ledger;

import java.util.Objects;

/** A ledger item by the invoice it holds: the refund writes are conditional on this number. */
public record InvoicedItem(String accountId, String purchaseId, String invoiceNumber) {

    public InvoicedItem {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(purchaseId, "purchaseId");
        Objects.requireNonNull(invoiceNumber, "invoiceNumber");
    }
}
