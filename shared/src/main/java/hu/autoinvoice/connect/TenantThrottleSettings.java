package hu.autoinvoice.connect;

import hu.autoinvoice.aws.EnvNumbers;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The per-account request budgets of the connect API ({@link TenantThrottle}): per fixed window of {@code window},
 * at most {@code reads} {@link RateClass#READ} and {@code writes} {@link RateClass#WRITE} requests of one account.
 * From the environment ({@value #WINDOW_VAR}, {@value #READS_VAR}, {@value #WRITES_VAR}; the template's
 * {@code TenantThrottleWindowSeconds}, {@code TenantReadsPerWindow}, {@code TenantWritesPerWindow}).
 */
public record TenantThrottleSettings(Duration window, int reads, int writes) {

    public static final String WINDOW_VAR = "TENANT_THROTTLE_WINDOW_SECONDS";
    public static final String READS_VAR = "TENANT_THROTTLE_READS";
    public static final String WRITES_VAR = "TENANT_THROTTLE_WRITES";

    /** 10 s windows: short enough that a burst at a window's edge (up to twice the limit) stays small. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    /** 5 reads a second on average per account: a quarter of the stage's 20 rps, far above what one admin UI makes. */
    public static final int DEFAULT_READS = 50;
    /** 1 a second on average: a connect or a PDF costs a Számla Agent call, a re-issue has its own 5-minute cooldown. */
    public static final int DEFAULT_WRITES = 10;

    public TenantThrottleSettings {
        Objects.requireNonNull(window, "window");
        if (window.toSeconds() < 1 || window.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("the throttle window is whole seconds, at least one: " + window);
        }
        if (reads < 1 || writes < 1) {
            throw new IllegalArgumentException("throttle limits must be at least 1 (reads " + reads + ", writes " + writes + ")");
        }
    }

    public static TenantThrottleSettings defaults() {
        return new TenantThrottleSettings(DEFAULT_WINDOW, DEFAULT_READS, DEFAULT_WRITES);
    }

    /** From the environment; missing or blank variables take the defaults, a malformed one fails the cold start. */
    public static TenantThrottleSettings fromMap(Map<String, String> env) {
        return new TenantThrottleSettings(Duration.ofSeconds(EnvNumbers.wholeNumber(env, WINDOW_VAR, (int) DEFAULT_WINDOW.toSeconds())),
                EnvNumbers.wholeNumber(env, READS_VAR, DEFAULT_READS), EnvNumbers.wholeNumber(env, WRITES_VAR, DEFAULT_WRITES));
    }

    /** The budget of {@code rateClass} per window. */
    public int limit(RateClass rateClass) {
        return switch (rateClass) {
            case READ -> reads;
            case WRITE -> writes;
        };
    }
}
