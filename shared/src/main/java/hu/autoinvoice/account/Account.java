package hu.autoinvoice.account;

import hu.autoinvoice.invoice.BuyerType;
import hu.autoinvoice.invoice.DocumentType;
import hu.autoinvoice.invoice.InvoiceSettings;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A connected Számlázz.hu account: one item of the accounts table (docs/DESIGN.md §4). Never carries the plaintext key.
 *
 * @param keyHint the key's last 4 characters, for people to recognise it
 * @param keyFingerprint HMAC-SHA256 of the key under the pepper (hex): detects one key connected to two accounts
 * @param invoicePrefix the invoice number prefix; empty = the account's default in Számlázz.hu
 * @param documentType what private buyers get: an invoice, or an e-receipt (company buyers always get an invoice)
 * @param receiptPrefix the receipt number prefix; present exactly when {@code documentType} is {@code RECEIPT}
 * @param statusReason the Agent's message or our explanation for the status (never contains the key)
 * @param statusSince when the status last changed (a reconnect counts as a change to {@code HEALTHY})
 * @param backfilledSince the {@code statusSince} of the healthy period whose parked invoices were re-enqueued;
 *     a backfill is due while the account is healthy and this differs from {@code statusSince}
 * @param version optimistic lock: every write is conditional on it and increments it
 */
public record Account(
        String accountId,
        EncryptedAgentKey encryptedKey,
        String keyHint,
        String keyFingerprint,
        boolean eInvoice,
        Optional<String> invoicePrefix,
        DocumentType documentType,
        Optional<String> receiptPrefix,
        AccountStatus status,
        String statusReason,
        Instant statusSince,
        Optional<Instant> lastProbeAt,
        Instant connectedAt,
        Optional<Instant> backfilledSince,
        long version) {

    /** An account that issues invoices to every buyer (no receipts). */
    public Account(String accountId, EncryptedAgentKey encryptedKey, String keyHint, String keyFingerprint,
            boolean eInvoice, Optional<String> invoicePrefix, AccountStatus status, String statusReason,
            Instant statusSince, Optional<Instant> lastProbeAt, Instant connectedAt, Optional<Instant> backfilledSince,
            long version) {
        this(accountId, encryptedKey, keyHint, keyFingerprint, eInvoice, invoicePrefix, DocumentType.INVOICE,
                Optional.empty(), status, statusReason, statusSince, lastProbeAt, connectedAt, backfilledSince, version);
    }

    public Account {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(encryptedKey, "encryptedKey");
        Objects.requireNonNull(keyHint, "keyHint");
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        Objects.requireNonNull(invoicePrefix, "invoicePrefix");
        Objects.requireNonNull(documentType, "documentType");
        Objects.requireNonNull(receiptPrefix, "receiptPrefix");
        if (receiptPrefix.isPresent() != (documentType == DocumentType.RECEIPT)) {
            throw new IllegalArgumentException("a receipt prefix goes with receipts, and receipts need one");
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(statusReason, "statusReason");
        Objects.requireNonNull(statusSince, "statusSince");
        Objects.requireNonNull(lastProbeAt, "lastProbeAt");
        Objects.requireNonNull(connectedAt, "connectedAt");
        Objects.requireNonNull(backfilledSince, "backfilledSince");
    }

    public boolean isHealthy() {
        return status == AccountStatus.HEALTHY;
    }

    /** The choices every invoice of this account is issued with. */
    public InvoiceSettings invoiceSettings() {
        return new InvoiceSettings(eInvoice, invoicePrefix);
    }

    /** What a buyer of this type gets from this account: a receipt only for a private buyer of a receipt account. */
    public DocumentType documentFor(BuyerType buyer) {
        return documentType == DocumentType.RECEIPT && buyer == BuyerType.PERSON ? DocumentType.RECEIPT
                : DocumentType.INVOICE;
    }

    /** This account with another status, since {@code since} (the version is the store's business). */
    public Account withStatus(AccountStatus newStatus, String reason, Instant since) {
        return new Account(accountId, encryptedKey, keyHint, keyFingerprint, eInvoice, invoicePrefix, documentType,
                receiptPrefix, newStatus, reason, since, lastProbeAt, connectedAt, backfilledSince, version);
    }

    /** This account as probed at {@code at}. */
    public Account withLastProbeAt(Instant at) {
        return new Account(accountId, encryptedKey, keyHint, keyFingerprint, eInvoice, invoicePrefix, documentType,
                receiptPrefix, status, statusReason, statusSince, Optional.of(at), connectedAt, backfilledSince, version);
    }

    /** This account with its backfill of the healthy period since {@code since} done. */
    public Account withBackfilledSince(Instant since) {
        return new Account(accountId, encryptedKey, keyHint, keyFingerprint, eInvoice, invoicePrefix, documentType,
                receiptPrefix, status, statusReason, statusSince, lastProbeAt, connectedAt, Optional.of(since), version);
    }

    /** This account at another version. */
    public Account withVersion(long newVersion) {
        return new Account(accountId, encryptedKey, keyHint, keyFingerprint, eInvoice, invoicePrefix, documentType,
                receiptPrefix, status, statusReason, statusSince, lastProbeAt, connectedAt, backfilledSince, newVersion);
    }

    /** True while the account is healthy and its parked invoices of this healthy period were not re-enqueued yet. */
    public boolean backfillDue() {
        return isHealthy() && !backfilledSince.equals(Optional.of(statusSince));
    }
}
