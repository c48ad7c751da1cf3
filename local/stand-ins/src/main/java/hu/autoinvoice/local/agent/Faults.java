package hu.autoinvoice.local.agent;

/**
 * Faults injected on the Agent endpoint (never on the control API). Every Agent request draws from one seeded random
 * sequence in arrival order, so the same seed and the same request sequence give the same faults.
 *
 * @param latencyMs     delay before every Agent answer
 * @param transientRate share of requests answered with code 1 (maintenance); nothing is created
 * @param lostReplyRate share of requests that are processed (a create IS stored) but whose connection is then closed
 *                      without any reply
 * @param downRate      share of requests answered with header {@code szlahu_down: true}; nothing is created
 * @param dataErrorRate share of document creates (not previews, stornos or queries) answered with code 57
 *                      ({@code XML beolvasási hiba}, as the vendor answers a schema problem); nothing is created
 * @param seed          seed of the random sequence; setting faults restarts the sequence from this seed
 */
public record Faults(long latencyMs, double transientRate, double lostReplyRate, double downRate, double dataErrorRate,
        long seed) {

    public Faults {
        if (latencyMs < 0) {
            throw new IllegalArgumentException("latencyMs must be >= 0");
        }
        checkRate("transientRate", transientRate);
        checkRate("lostReplyRate", lostReplyRate);
        checkRate("downRate", downRate);
        checkRate("dataErrorRate", dataErrorRate);
    }

    /** Faults without data errors (the shape before {@code dataErrorRate} existed). */
    public Faults(long latencyMs, double transientRate, double lostReplyRate, double downRate, long seed) {
        this(latencyMs, transientRate, lostReplyRate, downRate, 0.0, seed);
    }

    /** No faults, seed 42. */
    public static Faults none() {
        return new Faults(0, 0.0, 0.0, 0.0, 0.0, 42);
    }

    public Faults withLatencyMs(long value) {
        return new Faults(value, transientRate, lostReplyRate, downRate, dataErrorRate, seed);
    }

    public Faults withTransientRate(double value) {
        return new Faults(latencyMs, value, lostReplyRate, downRate, dataErrorRate, seed);
    }

    public Faults withLostReplyRate(double value) {
        return new Faults(latencyMs, transientRate, value, downRate, dataErrorRate, seed);
    }

    public Faults withDownRate(double value) {
        return new Faults(latencyMs, transientRate, lostReplyRate, value, dataErrorRate, seed);
    }

    public Faults withDataErrorRate(double value) {
        return new Faults(latencyMs, transientRate, lostReplyRate, downRate, value, seed);
    }

    public Faults withSeed(long value) {
        return new Faults(latencyMs, transientRate, lostReplyRate, downRate, dataErrorRate, value);
    }

    private static void checkRate(String name, double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1");
        }
    }
}
