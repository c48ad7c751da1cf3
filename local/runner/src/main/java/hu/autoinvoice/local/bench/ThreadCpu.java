package hu.autoinvoice.local.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * CPU time of this JVM's threads by {@link Part}. The JVM reports no CPU time for a virtual thread
 * ({@code ThreadMXBean} answers -1), but its carriers are platform threads, and whatever runs on a virtual thread runs
 * on one of them. With the stand-ins' servers on platform threads of their own
 * ({@code LocalHttpServers.PLATFORM_THREADS}, as {@code make bench} runs) the only virtual threads during a benchmark
 * are the issuer's (one per record, and one per Agent exchange), so the carriers' CPU time is the issuer's. A sampler
 * reads every thread's CPU time every 50 ms and keeps the last value seen per thread, so a thread that ends between
 * two reads loses at most 50 ms of it.
 */
final class ThreadCpu implements AutoCloseable {

    /** Who a thread works for, by its name. */
    enum Part {
        /** The virtual-thread scheduler's carriers: the issuer's records and Agent exchanges. */
        CARRIERS,
        /** The Agent simulator's request threads. */
        AGENT_SIMULATOR,
        /** The AWS stand-ins: the JSON services (DynamoDB, KMS, EventBridge), the SQS front and ElasticMQ. */
        AWS_STAND_INS,
        /** Everything else: the pollers (receive, invoke, delete), the benchmark's own threads, the JVM's Java threads. */
        OTHER
    }

    private record Seen(Part part, long nanos) {}

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final String carrierPrefix;
    private final Map<Long, Seen> lastSeen = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private ThreadCpu(String carrierPrefix) {
        this.carrierPrefix = carrierPrefix;
        sample();
        this.sampler = Thread.ofPlatform().name("bench-thread-cpu").daemon().start(() -> {
            while (running) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                sample();
            }
        });
    }

    /** Starts sampling (thread CPU time must be supported, as it is on Linux). */
    static ThreadCpu start() throws InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!mx.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM measures no thread CPU time");
        }
        mx.setThreadCpuTimeEnabled(true);
        return new ThreadCpu(carrierPrefix());
    }

    /**
     * The name prefix of the scheduler's carriers, read off a virtual thread ({@code VirtualThread[#23]/runnable@
     * ForkJoinPool-1-worker-1} → {@code ForkJoinPool-1-worker-}).
     */
    static String carrierPrefix() throws InterruptedException {
        AtomicReference<String> seen = new AtomicReference<>();
        Thread.ofVirtual().start(() -> seen.set(Thread.currentThread().toString())).join();
        String s = seen.get();
        int at = s.indexOf('@');
        int dash = s.lastIndexOf('-');
        if (at < 0 || dash < at) {
            throw new IllegalStateException("cannot tell the carrier from " + s);
        }
        return s.substring(at + 1, dash + 1);
    }

    Part partOf(String threadName) {
        if (threadName.startsWith(carrierPrefix)) {
            return Part.CARRIERS;
        }
        if (threadName.startsWith("stand-in-agent-")) {
            return Part.AGENT_SIMULATOR;
        }
        if (threadName.startsWith("stand-in-") || threadName.startsWith("elasticmq") || threadName.startsWith("HttpClient-")
                || threadName.startsWith("HTTP-Dispatcher")) {
            return Part.AWS_STAND_INS;
        }
        return Part.OTHER;
    }

    /** CPU time so far by part, in nanoseconds (a fresh read). */
    Map<Part, Long> nanos() {
        sample();
        Map<Part, Long> byPart = new EnumMap<>(Part.class);
        for (Part p : Part.values()) {
            byPart.put(p, 0L);
        }
        lastSeen.values().forEach(s -> byPart.merge(s.part(), s.nanos(), Long::sum));
        return byPart;
    }

    private synchronized void sample() {
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids, 0);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null) {
                long cpu = threads.getThreadCpuTime(ids[i]);
                if (cpu >= 0) {
                    Part part = partOf(infos[i].getThreadName());
                    lastSeen.merge(ids[i], new Seen(part, cpu), (a, b) -> b.nanos() >= a.nanos() ? b : a);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
