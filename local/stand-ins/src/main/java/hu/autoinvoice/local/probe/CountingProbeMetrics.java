package hu.autoinvoice.local.probe;

import hu.autoinvoice.probe.ProbeMetrics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** {@link ProbeMetrics} counted in memory (thread-safe): for tests and the local runner (never in a Lambda jar). */
public final class CountingProbeMetrics implements ProbeMetrics {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void increment(String name, Map<String, String> dimensions) {
        counts.computeIfAbsent(key(name, dimensions), k -> new LongAdder()).increment();
    }

    /** The count of {@code name} under exactly these dimensions. */
    public long count(String name, Map<String, String> dimensions) {
        LongAdder adder = counts.get(key(name, dimensions));
        return adder == null ? 0 : adder.sum();
    }

    /** The count of {@code name} summed over all dimensions. */
    public long total(String name) {
        return counts.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    /** Every counter, {@code name{dim=value,...}} → count, sorted. */
    public Map<String, Long> snapshot() {
        Map<String, Long> result = new TreeMap<>();
        counts.forEach((k, v) -> result.put(k, v.sum()));
        return result;
    }

    private static String key(String name, Map<String, String> dimensions) {
        return dimensions.isEmpty() ? name : name + new TreeMap<>(dimensions).toString().replace(", ", ",");
    }
}
