package hu.autoinvoice.local.bench;

import hu.autoinvoice.agent.AgentAction;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.AgentRequest;
import hu.autoinvoice.agent.AgentTransport;
import hu.autoinvoice.agent.TransportOutcome;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** An {@link AgentTransport} that counts every request by action before handing it on. */
public final class CountingAgentTransport implements AgentTransport {

    private final AgentTransport delegate;
    private final Map<AgentAction, AtomicLong> calls = new ConcurrentHashMap<>();

    public CountingAgentTransport(AgentTransport delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public TransportOutcome send(AgentKey key, AgentRequest request) {
        calls.computeIfAbsent(request.action(), a -> new AtomicLong()).incrementAndGet();
        return delegate.send(key, request);
    }

    /** Requests of one action so far. */
    public long count(AgentAction action) {
        AtomicLong n = calls.get(action);
        return n == null ? 0 : n.get();
    }

    /** All requests so far. */
    public long total() {
        return calls.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Starts counting from zero. */
    public void reset() {
        calls.clear();
    }
}
