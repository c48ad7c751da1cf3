package hu.autoinvoice.observability;

import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.AgentRequest;
import hu.autoinvoice.agent.AgentTransport;
import hu.autoinvoice.agent.TransportOutcome;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Decorates the Agent transport (the one place every Agent call passes) with {@link Metrics#AGENT_LATENCY} (ms, per
 * {@code action}) and {@link Metrics#AGENT_ERRORS} (per {@code action} and {@code code}: the vendor's
 * {@code szlahu_error_code}, {@code TIMEOUT}, {@code IO}, or {@code HTTP_<status>} for a non-200 reply without a code).
 * The composition roots wrap the HTTP transport with it; nothing about the request or key is recorded.
 */
public final class MeteredAgentTransport implements AgentTransport {

    private final AgentTransport delegate;
    private final Metrics metrics;
    private final LongSupplier nanoTime;

    public MeteredAgentTransport(AgentTransport delegate, Metrics metrics) {
        this(delegate, metrics, System::nanoTime);
    }

    /** With a given monotonic clock in nanoseconds (tests). */
    public MeteredAgentTransport(AgentTransport delegate, Metrics metrics, LongSupplier nanoTime) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    @Override
    public TransportOutcome send(AgentKey key, AgentRequest request) {
        long started = nanoTime.getAsLong();
        TransportOutcome outcome = delegate.send(key, request);
        String action = request.action().name();
        metrics.milliseconds(Metrics.AGENT_LATENCY, (nanoTime.getAsLong() - started) / 1_000_000, Map.of("action", action));
        errorCode(outcome).ifPresent(code -> metrics.count(Metrics.AGENT_ERRORS, 1, Map.of("action", action, "code", code)));
        return outcome;
    }

    /** The error code of an outcome, empty for a successful reply. */
    static Optional<String> errorCode(TransportOutcome outcome) {
        return switch (outcome) {
            case TransportOutcome.TimedOut t -> Optional.of("TIMEOUT");
            case TransportOutcome.IoFailure f -> Optional.of("IO");
            case TransportOutcome.Reply reply -> reply.header("szlahu_error_code").map(String::trim)
                    .filter(c -> c.matches("-?\\d{1,6}"))
                    .or(() -> reply.status() == 200 ? Optional.empty() : Optional.of("HTTP_" + reply.status()));
        };
    }
}
