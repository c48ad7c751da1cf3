package hu.autoinvoice.local.bench;

import java.io.PrintStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The {@code name=value} figures of one benchmark, in the order they were added. */
public final class BenchResult {

    private final Map<String, String> figures = new LinkedHashMap<>();

    /** Adds a whole number. */
    public BenchResult put(String name, long value) {
        figures.put(name, Long.toString(value));
        return this;
    }

    /** Adds a number with {@code decimals} decimals (dot as separator). */
    public BenchResult put(String name, double value, int decimals) {
        figures.put(name, String.format(Locale.ROOT, "%." + decimals + "f", value));
        return this;
    }

    /** Adds a text (no spaces, so every line stays {@code name=value}). */
    public BenchResult put(String name, String value) {
        figures.put(name, value.replace(' ', '_'));
        return this;
    }

    /** The figures, read-only. */
    public Map<String, String> figures() {
        return Collections.unmodifiableMap(figures);
    }

    /** One figure as a number. */
    public double number(String name) {
        String v = figures.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no figure " + name + " in " + figures);
        }
        return Double.parseDouble(v);
    }

    /** Prints one {@code name=value} line per figure. */
    public void print(PrintStream out) {
        figures.forEach((k, v) -> out.println(k + "=" + v));
        out.flush();
    }
}
