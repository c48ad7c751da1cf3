package hu.autoinvoice.ledger;

import hu.autoinvoice.invoice.DocumentType;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What {@link InvoiceLedger#claim} claims: one purchase as its {@code purchase.paid} message carries it.
 *
 * @param messageBody the {@code purchase.paid} body, kept for re-enqueueing
 * @param paidAt when the purchase was paid: the ledger lists an account's items by it, newest first
 * @param samePurchase whether a stored body carries the same purchase as {@code messageBody} (compared parsed)
 * @param documentType what a first create would make now; written by a claim while no create was sent
 */
public record PurchaseClaim(String accountId, String purchaseId, String externalId, String messageBody, Instant paidAt,
        Predicate<String> samePurchase, DocumentType documentType) {

    /** A purchase issued as an invoice. */
    public PurchaseClaim(String accountId, String purchaseId, String externalId, String messageBody, Instant paidAt,
            Predicate<String> samePurchase) {
        this(accountId, purchaseId, externalId, messageBody, paidAt, samePurchase, DocumentType.INVOICE);
    }

    public PurchaseClaim {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(purchaseId, "purchaseId");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(messageBody, "messageBody");
        Objects.requireNonNull(paidAt, "paidAt");
        Objects.requireNonNull(samePurchase, "samePurchase");
        Objects.requireNonNull(documentType, "documentType");
    }
}
