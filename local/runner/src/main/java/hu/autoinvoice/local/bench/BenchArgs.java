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

    /**
     * {@code --dynamodb=in-jvm|dynalite}: which DynamoDB stand-in the bench stand runs on. Every benchmark accepts it
     * ({@link Bench} reads it before starting the stand).
     */
    public static final String DYNAMODB = "dynamodb";

    /** The value of {@code name}, if given. */
    public java.util.Optional<String> value(String name) {
        return java.util.Optional.ofNullable(values.get(name)).filter(v -> !v.isBlank());
    }

    /** Names this run understood (plus {@value #DYNAMODB}); anything else given is an error. */
    public void requireOnly(String bench, java.util.Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name) && !name.equals(DYNAMODB)) {
                throw new IllegalArgumentException("benchmark " + bench + " has no option --" + name + " (known: "
                        + known.stream().sorted().map(k -> "--" + k).toList() + ")");
            }
        }
    }
}
