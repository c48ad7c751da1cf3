package hu.autoinvoice.local.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import hu.autoinvoice.issuer.InvoiceIssuerHandler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The real handler as the pollers invoke it, counting the acknowledged records and the invocations, their wall time
 * and the CPU time of the invoking (platform) thread — the handler's own part; its records run on virtual threads
 * ({@link ThreadCpu}).
 */
final class TimedInvocations implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final InvoiceIssuerHandler handler;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    final AtomicLong acknowledged = new AtomicLong();
    private final LongAdder invocations = new LongAdder();
    private final LongAdder wallNanos = new LongAdder();
    private final LongAdder cpuNanos = new LongAdder();

    TimedInvocations(InvoiceIssuerHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        SQSBatchResponse response = handler.handle(event, context);
        wallNanos.add(System.nanoTime() - t0);
        cpuNanos.add(Math.max(0, threads.getCurrentThreadCpuTime() - cpu0));
        invocations.increment();
        acknowledged.addAndGet(event.getRecords().size() - response.getBatchItemFailures().size());
        return response;
    }

    long invocations() {
        return invocations.sum();
    }

    long wallNanos() {
        return wallNanos.sum();
    }

    long cpuNanos() {
        return cpuNanos.sum();
    }

    /** Starts counting from zero. */
    void reset() {
        acknowledged.set(0);
        invocations.reset();
        wallNanos.reset();
        cpuNanos.reset();
    }
}
