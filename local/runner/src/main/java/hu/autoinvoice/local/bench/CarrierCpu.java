package hu.autoinvoice.local.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * CPU time of the virtual-thread scheduler's carrier threads. The JVM reports no CPU time for a virtual thread
 * ({@code ThreadMXBean} answers -1), but its carriers are platform threads, and whatever runs on a virtual thread
 * runs on one of them. With the stand-ins' servers on platform threads of their own
 * ({@code LocalHttpServers.PLATFORM_THREADS}) the only virtual threads during a benchmark are the issuer's (a record
 * each, and its Agent exchange), so the carriers' CPU time is the issuer's. A sampler reads every carrier's CPU time
 * every 50 ms and keeps the last value seen per thread, so a carrier that ends between two reads loses at most 50 ms.
 */
final class CarrierCpu implements AutoCloseable {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final String carrierPrefix;
    private final Map<Long, Long> lastSeen = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private CarrierCpu(String carrierPrefix) {
        this.carrierPrefix = carrierPrefix;
        sample();
        this.sampler = Thread.ofPlatform().name("bench-carrier-cpu").daemon().start(() -> {
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
    static CarrierCpu start() throws InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!mx.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM measures no thread CPU time");
        }
        mx.setThreadCpuTimeEnabled(true);
        return new CarrierCpu(carrierPrefix());
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

    /** The carriers' CPU time so far, in nanoseconds (a fresh read). */
    long nanos() {
        sample();
        return lastSeen.values().stream().mapToLong(Long::longValue).sum();
    }

    private synchronized void sample() {
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids, 0);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && infos[i].getThreadName().startsWith(carrierPrefix)) {
                long cpu = threads.getThreadCpuTime(ids[i]);
                if (cpu >= 0) {
                    lastSeen.merge(ids[i], cpu, Math::max);
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
