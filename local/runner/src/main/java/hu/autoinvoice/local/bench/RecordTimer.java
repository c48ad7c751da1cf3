package hu.autoinvoice.local.bench;

import hu.autoinvoice.agent.AgentTransport;
import hu.autoinvoice.issuer.IssueOutcome;
import hu.autoinvoice.issuer.IssuerObserver;
import java.util.Arrays;
import java.util.Objects;

/**
 * Times each record the issuer processes: the wall time from {@link IssuerObserver#started} to
 * {@link IssuerObserver#processed} (both on the record's thread) and, within it, the time inside the Agent call (the
 * transport {@link #around} wraps, called on the same thread). {@link #take} hands out the samples gathered so far.
 * A record that crashed is not counted.
 */
final class RecordTimer implements IssuerObserver {

    /** One leg's samples, in nanoseconds, sorted. */
    record Samples(long[] outsideAgent, long[] insideAgent) {

        int count() {
            return outsideAgent.length;
        }

        /** Nearest-rank percentile of the time outside the Agent call, in ms (0 without samples). */
        double outsideAgentMillis(double percentile) {
            return millis(outsideAgent, percentile);
        }

        /** Nearest-rank percentile of the time inside the Agent call, in ms (0 without samples). */
        double insideAgentMillis(double percentile) {
            return millis(insideAgent, percentile);
        }

        private static double millis(long[] sorted, double percentile) {
            if (sorted.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)] / 1e6;
        }
    }

    private static final class Timing {
        final long start = System.nanoTime();
        long insideAgent;
    }

    private final ThreadLocal<Timing> current = new ThreadLocal<>();
    private long[] outside = new long[1024];
    private long[] inside = new long[1024];
    private int size;

    /** {@code delegate} with each call's wall time added to the record being processed on the calling thread. */
    AgentTransport around(AgentTransport delegate) {
        Objects.requireNonNull(delegate, "delegate");
        return (key, request) -> {
            long t0 = System.nanoTime();
            try {
                return delegate.send(key, request);
            } finally {
                Timing timing = current.get();
                if (timing != null) {
                    timing.insideAgent += System.nanoTime() - t0;
                }
            }
        };
    }

    @Override
    public void started() {
        current.set(new Timing());
    }

    @Override
    public void processed(IssueOutcome outcome) {
        Timing timing = current.get();
        current.remove();
        if (timing != null) {
            add(System.nanoTime() - timing.start - timing.insideAgent, timing.insideAgent);
        }
    }

    @Override
    public void crashed(Throwable error) {
        current.remove();
    }

    private synchronized void add(long outsideAgent, long insideAgent) {
        if (size == outside.length) {
            outside = Arrays.copyOf(outside, size * 2);
            inside = Arrays.copyOf(inside, size * 2);
        }
        outside[size] = outsideAgent;
        inside[size] = insideAgent;
        size++;
    }

    /** The samples since the last call, sorted; starts afresh. */
    synchronized Samples take() {
        long[] o = Arrays.copyOf(outside, size);
        long[] i = Arrays.copyOf(inside, size);
        Arrays.sort(o);
        Arrays.sort(i);
        size = 0;
        return new Samples(o, i);
    }
}
