package hu.autoinvoice.local.bench;

import java.util.HashMap;
import java.util.Map;

/** Benchmark sizes from {@code --name=value} arguments (unknown names are refused, so a typo cannot go unnoticed). */
public final class BenchArgs {

    private final Map<String, String> values;

    private BenchArgs(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code --name=value} arguments. */
    public static BenchArgs parse(String... args) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            String[] kv = arg.substring(2).split("=", 2);
            values.put(kv[0], kv[1]);
        }
        return new BenchArgs(values);
    }

    /** The integer value of {@code name}, or {@code fallback}. */
    public int intValue(String name, int fallback) {
        String v = values.get(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }

    /** Names this run understood; anything else given is an error. */
    public void requireOnly(String bench, java.util.Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("benchmark " + bench + " has no option --" + name + " (known: "
                        + known.stream().sorted().map(k -> "--" + k).toList() + ")");
            }
        }
    }
}
