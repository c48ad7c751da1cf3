package hu.autoinvoice.account;

import hu.autoinvoice.agent.AgentError;
import hu.autoinvoice.agent.AgentErrorCode;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.AgentResult;
import hu.autoinvoice.agent.OutcomeClass;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.invoice.CallId;
import hu.autoinvoice.invoice.ExternalIds;
import hu.autoinvoice.invoice.InvoiceSettings;
import hu.autoinvoice.invoice.PreviewSample;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether an account can issue receipts under a receipt prefix, asked without creating anything (docs/VENDOR.md,
 * "Checking an account without issuing anything"): the connect check asks it before a key is stored, the health probe
 * before it calls an unhealthy receipt account healthy again. Two calls:
 * <ol>
 *   <li>a receipt get ({@code xmlnyugtaget}) by a sentinel call id — not found (339) shows the key may use the receipt
 *       actions; 8 that the package has no Agent receipts;</li>
 *   <li>since the vendor has no receipt preview, an <b>invoice preview with the receipt prefix as the invoice
 *       prefix</b>: a prefix refusal (202, 353/354/356/357) means it is not an invoice prefix, as a receipt prefix must
 *       be; if it goes through, every receipt under it would be refused with 336, which is what this reports.</li>
 * </ol>
 * That the prefix is enabled (524) only a receipt create shows. No retries.
 */
public final class ReceiptSettingsCheck {

    /** The purchase-id part of the checks' own ids; never a real purchase's. */
    public static final String CHECK_ID = "connection-check";

    /** The answers to a preview under the receipt prefix that say it is not an invoice prefix (so it may be a receipt's). */
    public static final Set<AgentErrorCode> NOT_AN_INVOICE_PREFIX = Set.of(AgentErrorCode.PREFIX_INVALID,
            AgentErrorCode.NO_VALID_PREFIX, AgentErrorCode.PREFIX_NOT_USABLE, AgentErrorCode.USE_ANOTHER_PREFIX,
            AgentErrorCode.PREFIX_REQUIRED);

    private final SzamlaAgentClient agent;
    private final Clock clock;

    public ReceiptSettingsCheck(SzamlaAgentClient agent, Clock clock) {
        this.agent = Objects.requireNonNull(agent, "agent");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The external id the checks query and preview under; nothing is ever issued under it. */
    public static String sentinelExternalId(String accountId) {
        return ExternalIds.of(accountId, CHECK_ID);
    }

    /** The call id the check gets a receipt by; no receipt is ever issued under it. */
    public static CallId sentinelCallId(String accountId) {
        return CallId.of(accountId, CHECK_ID);
    }

    /** Step 1: empty when the key may use the receipt actions, else the Agent's answer (8: not in the package). */
    public Optional<AgentError> receiptsUsable(AgentKey key, String accountId) {
        AgentResult<?> get = agent.findReceipt(key, sentinelCallId(accountId));
        return get instanceof AgentResult.Failed<?> f && f.error().outcomeClass() != OutcomeClass.NOT_FOUND
                ? Optional.of(f.error()) : Optional.empty();
    }

    /**
     * Step 2: empty when {@code receiptPrefix} is not an invoice prefix of the account; the vendor's 336 when the
     * preview under it went through; else the Agent's answer (the account's trouble, or no answer).
     */
    public Optional<AgentError> notAnInvoicePrefix(AgentKey key, String accountId, String receiptPrefix) {
        AgentResult<?> asInvoice = agent.previewInvoice(key, new InvoiceSettings(false, Optional.of(receiptPrefix)),
                PreviewSample.draft(sentinelExternalId(accountId), CHECK_ID, clock));
        if (asInvoice instanceof AgentResult.Failed<?> f) {
            return f.error().known().filter(NOT_AN_INVOICE_PREFIX::contains).isPresent() ? Optional.empty()
                    : Optional.of(f.error());
        }
        AgentErrorCode taken = AgentErrorCode.RECEIPT_PREFIX_USED_FOR_INVOICES;
        return Optional.of(AgentError.ofCode(taken.code(), taken.hungarian()));
    }

    /** Both steps, the first problem found. */
    public Optional<AgentError> check(AgentKey key, String accountId, String receiptPrefix) {
        return receiptsUsable(key, accountId).or(() -> notAnInvoicePrefix(key, accountId, receiptPrefix));
    }
}
