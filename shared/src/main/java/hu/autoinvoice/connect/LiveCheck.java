package hu.autoinvoice.connect;

import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.ReceiptSettingsCheck;
import hu.autoinvoice.agent.AgentError;
import hu.autoinvoice.agent.AgentErrorCode;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.AgentResult;
import hu.autoinvoice.agent.OutcomeClass;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.invoice.CallId;
import hu.autoinvoice.invoice.PreviewSample;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the Számla Agent whether a key works before it is stored: a query for a sentinel external id (not found =
 * the key logged in), then, when the organiser asked for a prefix or e-invoices, a preview create (creates no
 * document) to catch 202 and 54 now rather than when invoices start failing.
 *
 * <p>For an account that asks for receipts, two more calls, neither of which creates anything (docs/VENDOR.md,
 * "Checking an account without issuing anything"): a receipt get ({@code xmlnyugtaget}) by a sentinel call id — not
 * found (339) shows the key may use the receipt actions, 8 that the package has no Agent receipts; then, since the
 * vendor has no receipt preview, an <b>invoice preview with the receipt prefix as the invoice prefix</b>: if it goes
 * through, the prefix is an invoice prefix of the account and every receipt would be refused with 336; a prefix
 * refusal (202, or 353/354/356/357) means it is not one — what a receipt prefix must be. A receipt prefix's format
 * (337) is checked before any call ({@link ConnectRequests}); that it is enabled (524) only a receipt create shows, so
 * the check cannot. At most four Agent calls, no retries.
 */
public final class LiveCheck {

    /** The purchase-id part of the check's own external id and order number; never a real purchase's. */
    public static final String CHECK_ID = ReceiptSettingsCheck.CHECK_ID;

    private static final Logger LOG = LoggerFactory.getLogger(LiveCheck.class);

    private final SzamlaAgentClient agent;
    private final Clock clock;
    private final ReceiptSettingsCheck receipts;

    public LiveCheck(SzamlaAgentClient agent, Clock clock) {
        this.agent = Objects.requireNonNull(agent, "agent");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.receipts = new ReceiptSettingsCheck(agent, clock);
    }

    /** The verdict on a key and its choices. */
    public sealed interface Verdict permits Accepted, Refused, ReceiptsRefused, Unavailable, Failed {}

    /** The key logged in (and the preview, if any, went through). */
    public record Accepted() implements Verdict {}

    /** Számlázz.hu refused for an account-level reason; {@code agentMessage} is the vendor's (key scrubbed). */
    public record Refused(AccountStatus status, String agentMessage) implements Verdict {}

    /**
     * Receipts cannot be issued as asked: not in the package (8), the prefix is an invoice prefix (the preview took it;
     * the vendor's 336), malformed (337) or not enabled (524). {@code error} is the answer to give the organiser.
     */
    public record ReceiptsRefused(ApiError error, String reason) implements Verdict {
        public ReceiptsRefused {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** No usable answer now (maintenance, timeout, unknown reply): try again later. */
    public record Unavailable(String reason) implements Verdict {}

    /** The Agent said our request was wrong (a bug on our side, not the organiser's). */
    public record Failed(String reason) implements Verdict {}

    public Verdict check(String accountId, ConnectRequest request) {
        AgentKey key = request.agentKey();
        AgentResult<?> query = agent.queryByExternalId(key, sentinelExternalId(accountId));
        if (query instanceof AgentResult.Failed<?> f && f.error().outcomeClass() != OutcomeClass.NOT_FOUND) {
            return verdict(accountId, "query", f.error());
        }
        if (request.receiptPrefix().isPresent()) {
            Optional<AgentError> get = receipts.receiptsUsable(key, accountId);
            if (get.isPresent()) {
                if (get.get().known().filter(c -> c == AgentErrorCode.NOT_IN_PACKAGE).isPresent()) {
                    return receiptsRefused(accountId, "receipt get", ErrorCode.RECEIPTS_NOT_ALLOWED, get.get());
                }
                return verdict(accountId, "receipt get", get.get());
            }
        }
        if (request.needsPreview()) {
            AgentResult<?> preview = agent.previewInvoice(key, request.invoiceSettings(),
                    PreviewSample.draft(sentinelExternalId(accountId), CHECK_ID, clock));
            if (preview instanceof AgentResult.Failed<?> f) {
                return verdict(accountId, "preview", f.error());
            }
        }
        if (request.receiptPrefix().isPresent()) {
            // 336 when the preview under it went through: it is an invoice prefix of the account
            Optional<AgentError> prefix = receipts.notAnInvoicePrefix(key, accountId, request.receiptPrefix().get());
            if (prefix.isPresent()) {
                return verdict(accountId, "receipt prefix preview", prefix.get());
            }
        }
        return new Accepted();
    }

    /** The external id the check queries (and previews under); nothing is ever issued under it. */
    public static String sentinelExternalId(String accountId) {
        return ReceiptSettingsCheck.sentinelExternalId(accountId);
    }

    /** The call id the check gets a receipt by; no receipt is ever issued under it. */
    public static CallId sentinelCallId(String accountId) {
        return ReceiptSettingsCheck.sentinelCallId(accountId);
    }

    /**
     * The connect answer for a receipt refusal code of the vendor (336, 337, 524; 8 only where the call was a receipt
     * action, so it is not listed here); empty for any other code.
     */
    static Optional<ApiError> receiptRefusal(AgentError error) {
        return error.known().flatMap(code -> switch (code) {
            case RECEIPT_PREFIX_USED_FOR_INVOICES -> Optional.of(ApiError.of(ErrorCode.RECEIPT_PREFIX_IS_INVOICE_PREFIX));
            case RECEIPT_PREFIX_NOT_ENABLED -> Optional.of(ApiError.of(ErrorCode.RECEIPT_PREFIX_NOT_ENABLED));
            case RECEIPT_PREFIX_MALFORMED -> Optional.of(ApiError.invalid(List.of(ConnectRequests.receiptPrefixFormatError())));
            default -> Optional.empty();
        });
    }

    private static Verdict receiptsRefused(String accountId, String step, ErrorCode code, AgentError error) {
        LOG.info("Live check {} for account {}: {} code={}", step, accountId, code,
                error.code().isPresent() ? error.code().getAsInt() : "-");
        return new ReceiptsRefused(ApiError.of(code), error.message());
    }

    private static Verdict verdict(String accountId, String step, AgentError error) {
        Optional<ApiError> receipts = receiptRefusal(error);
        if (receipts.isPresent()) {
            LOG.info("Live check {} for account {}: receipts refused, code={}", step, accountId,
                    error.code().isPresent() ? error.code().getAsInt() : "-");
            return new ReceiptsRefused(receipts.get(), error.message());
        }
        LOG.info("Live check {} for account {}: {} code={}", step, accountId, error.outcomeClass(),
                error.code().isPresent() ? error.code().getAsInt() : "-");
        return switch (error.outcomeClass()) {
            case ACCOUNT -> new Refused(AccountStatus.of(error), error.message());
            case TRANSIENT, UNKNOWN -> new Unavailable(error.outcomeClass() + " on " + step);
            case DATA, DUPLICATE_ORDER, NOT_FOUND -> new Failed(error.outcomeClass() + " on " + step + ", code "
                    + (error.code().isPresent() ? error.code().getAsInt() : "-"));
        };
    }
}
