package hu.autoinvoice.connect;

import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.invoice.DocumentType;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the admin UI shows about a connection: health, why, since when, what to do, and how many invoices wait.
 * Never the key or its ciphertext — only the key's last four characters.
 *
 * @param documentType what private buyers get: invoices, or e-receipts (company buyers always get an invoice)
 * @param receiptPrefix the receipt number prefix; present exactly when {@code documentType} is {@code RECEIPT}
 * @param invoices the account's unfinished ledger items by state ({@link OpenInvoices})
 */
public record ConnectionStatus(
        boolean connected,
        AccountStatus status,
        String statusReason,
        Instant statusSince,
        String keyHint,
        boolean eInvoice,
        Optional<String> invoicePrefix,
        DocumentType documentType,
        Optional<String> receiptPrefix,
        Optional<Instant> lastProbeAt,
        Bilingual remediation,
        OpenInvoices.Counts invoices) {

    public ConnectionStatus {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(statusReason, "statusReason");
        Objects.requireNonNull(statusSince, "statusSince");
        Objects.requireNonNull(keyHint, "keyHint");
        Objects.requireNonNull(invoicePrefix, "invoicePrefix");
        Objects.requireNonNull(documentType, "documentType");
        Objects.requireNonNull(receiptPrefix, "receiptPrefix");
        Objects.requireNonNull(lastProbeAt, "lastProbeAt");
        Objects.requireNonNull(remediation, "remediation");
        Objects.requireNonNull(invoices, "invoices");
    }

    /** The view of a connected account. */
    public static ConnectionStatus of(Account account, OpenInvoices.Counts invoices) {
        return new ConnectionStatus(true, account.status(), account.statusReason(), account.statusSince(),
                account.keyHint(), account.eInvoice(), account.invoicePrefix(), account.documentType(),
                account.receiptPrefix(), account.lastProbeAt(),
                ConnectTexts.remediation(account.status()), invoices);
    }
}
