package hu.autoinvoice.connect;

import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.agent.AgentError;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.AgentResult;
import hu.autoinvoice.agent.OutcomeClass;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.invoice.ExternalIds;
import hu.autoinvoice.invoice.PreviewSample;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the Számla Agent whether a key works before it is stored: a query for a sentinel external id (not found =
 * the key logged in), then, when the organiser asked for a prefix or e-invoices, a preview create (creates no
 * document) to catch 202 and 54 now rather than when invoices start failing. At most two Agent calls, no retries.
 */
public final class LiveCheck {

    /** The purchase-id part of the check's own external id and order number; never a real purchase's. */
    public static final String CHECK_ID = "connection-check";

    private static final Logger LOG = LoggerFactory.getLogger(LiveCheck.class);

    private final SzamlaAgentClient agent;
    private final Clock clock;

    public LiveCheck(SzamlaAgentClient agent, Clock clock) {
        this.agent = Objects.requireNonNull(agent, "agent");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The verdict on a key and its choices. */
    public sealed interface Verdict permits Accepted, Refused, Unavailable, Failed {}

    /** The key logged in (and the preview, if any, went through). */
    public record Accepted() implements Verdict {}

    /** Számlázz.hu refused for an account-level reason; {@code agentMessage} is the vendor's (key scrubbed). */
    public record Refused(AccountStatus status, String agentMessage) implements Verdict {}

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
        if (!request.needsPreview()) {
            return new Accepted();
        }
        AgentResult<?> preview = agent.previewInvoice(key, request.invoiceSettings(),
                PreviewSample.draft(sentinelExternalId(accountId), CHECK_ID, clock));
        if (preview instanceof AgentResult.Failed<?> f) {
            return verdict(accountId, "preview", f.error());
        }
        return new Accepted();
    }

    /** The external id the check queries (and previews under); nothing is ever issued under it. */
    public static String sentinelExternalId(String accountId) {
        return ExternalIds.of(accountId, CHECK_ID);
    }

    private static Verdict verdict(String accountId, String step, AgentError error) {
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
