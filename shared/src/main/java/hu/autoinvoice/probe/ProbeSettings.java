package hu.autoinvoice.probe;

import hu.autoinvoice.aws.EnvNumbers;
import java.time.Duration;
import java.util.Map;

/**
 * How the probe runs.
 *
 * @param concurrency accounts probed at the same time ({@value #CONCURRENCY_VAR}, default 32)
 * @param segments parallel scan segments of the accounts table ({@value #SEGMENTS_VAR}, default 4); changing it
 *     discards a stored resume cursor
 * @param pageSize items read per scan page ({@value #PAGE_SIZE_VAR}, default 100)
 * @param safetyMargin no new account is started once less than this is left of the invocation; it must cover
 *     the in-flight accounts (one query + one preview at the Agent timeout, KMS, DynamoDB) and the cursor write
 *     ({@value #SAFETY_MARGIN_VAR} in seconds, default 30)
 */
public record ProbeSettings(int concurrency, int segments, int pageSize, Duration safetyMargin) {

    public static final String CONCURRENCY_VAR = "PROBE_CONCURRENCY";
    public static final String SEGMENTS_VAR = "PROBE_SEGMENTS";
    public static final String PAGE_SIZE_VAR = "PROBE_PAGE_SIZE";
    public static final String SAFETY_MARGIN_VAR = "PROBE_SAFETY_MARGIN_SECONDS";

    public ProbeSettings {
        if (concurrency < 1 || segments < 1 || pageSize < 1) {
            throw new IllegalArgumentException("concurrency, segments and pageSize must be at least 1");
        }
        if (safetyMargin == null || safetyMargin.isNegative()) {
            throw new IllegalArgumentException("safetyMargin must be zero or positive");
        }
    }

    public static ProbeSettings defaults() {
        return new ProbeSettings(32, 4, 100, Duration.ofSeconds(30));
    }

    /** The defaults overridden by the variables named above (blank = default). */
    public static ProbeSettings fromEnv(Map<String, String> env) {
        ProbeSettings d = defaults();
        return new ProbeSettings(
                EnvNumbers.wholeNumber(env, CONCURRENCY_VAR, d.concurrency()),
                EnvNumbers.wholeNumber(env, SEGMENTS_VAR, d.segments()),
                EnvNumbers.wholeNumber(env, PAGE_SIZE_VAR, d.pageSize()),
                Duration.ofSeconds(EnvNumbers.wholeNumber(env, SAFETY_MARGIN_VAR, (int) d.safetyMargin().toSeconds())));
    }

    public ProbeSettings withConcurrency(int value) {
        return new ProbeSettings(value, segments, pageSize, safetyMargin);
    }

    public ProbeSettings withSegments(int value) {
        return new ProbeSettings(concurrency, value, pageSize, safetyMargin);
    }

    public ProbeSettings withPageSize(int value) {
        return new ProbeSettings(concurrency, segments, value, safetyMargin);
    }

    public ProbeSettings withSafetyMargin(Duration value) {
        return new ProbeSettings(concurrency, segments, pageSize, value);
    }
}
