package hu.autoinvoice.account;

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
        AccountStatus status,
        String statusReason,
        Instant statusSince,
        Optional<Instant> lastProbeAt,
        Instant connectedAt,
        Optional<Instant> backfilledSince,
        long version) {

    public Account {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(encryptedKey, "encryptedKey");
        Objects.requireNonNull(keyHint, "keyHint");
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        Objects.requireNonNull(invoicePrefix, "invoicePrefix");
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

    /** True while the account is healthy and its parked invoices of this healthy period were not re-enqueued yet. */
    public boolean backfillDue() {
        return isHealthy() && !backfilledSince.equals(Optional.of(statusSince));
    }
}
