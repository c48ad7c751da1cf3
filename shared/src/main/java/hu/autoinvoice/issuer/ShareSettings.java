package hu.autoinvoice.issuer;

import hu.autoinvoice.aws.EnvNumbers;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The issuer's fairness between accounts ({@link FairShare}, docs/ISSUING.md "Share"), from the environment.
 *
 * @param share {@value #SHARE_VAR}: the most records of one account in flight across all invocations while another
 *     account has work; 0 turns sharing off (every record of a batch runs, at most the per-account concurrency at
 *     once, as before)
 * @param handBackDelay {@value #HAND_BACK_DELAY_VAR} (seconds): how long a handed-back copy stays invisible
 * @param maxHandBacks {@value #MAX_HAND_BACKS_VAR}: how often one message may be handed back before it runs anyway
 * @param holdFor the longest a hold on the share board lives when its invocation does not release it (a crashed
 *     container): longer than the function's timeout; an invocation's hold lives as long as the invocation has time
 */
public record ShareSettings(int share, Duration handBackDelay, int maxHandBacks, Duration holdFor) {

    public static final String SHARE_VAR = "ISSUER_ACCOUNT_SHARE";
    public static final String HAND_BACK_DELAY_VAR = "ISSUER_HAND_BACK_DELAY_S";
    public static final String MAX_HAND_BACKS_VAR = "ISSUER_MAX_HAND_BACKS";
    public static final Duration DEFAULT_HAND_BACK_DELAY = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_HAND_BACKS = 10;
    /** The function's timeout (150 s) and a margin. */
    public static final Duration DEFAULT_HOLD_FOR = Duration.ofSeconds(180);

    /** Sharing off: every record runs. */
    public static final ShareSettings OFF = new ShareSettings(0, DEFAULT_HAND_BACK_DELAY, DEFAULT_MAX_HAND_BACKS,
            DEFAULT_HOLD_FOR);

    public ShareSettings {
        Objects.requireNonNull(handBackDelay, "handBackDelay");
        Objects.requireNonNull(holdFor, "holdFor");
        if (share < 0 || maxHandBacks < 0) {
            throw new IllegalArgumentException("share and maxHandBacks must not be negative");
        }
        if (handBackDelay.isNegative() || handBackDelay.compareTo(Duration.ofSeconds(900)) > 0) {
            throw new IllegalArgumentException("handBackDelay must be 0–900 s (SQS DelaySeconds)");
        }
        if (!holdFor.isPositive()) {
            throw new IllegalArgumentException("holdFor must be positive");
        }
    }

    public boolean enabled() {
        return share > 0;
    }

    /** The rule for an issuer running {@code perAccountConcurrency} records of one account at once per invocation. */
    public FairShare rule(int perAccountConcurrency) {
        return new FairShare(Math.max(1, share), perAccountConcurrency, maxHandBacks);
    }

    /** From the environment (the template sets it); unset or 0 share = off. */
    public static ShareSettings fromEnvironment(Map<String, String> env) {
        int share = EnvNumbers.wholeNumber(env, SHARE_VAR, 0);
        int delay = EnvNumbers.wholeNumber(env, HAND_BACK_DELAY_VAR, (int) DEFAULT_HAND_BACK_DELAY.toSeconds());
        int maxHandBacks = EnvNumbers.wholeNumber(env, MAX_HAND_BACKS_VAR, DEFAULT_MAX_HAND_BACKS);
        return new ShareSettings(share, Duration.ofSeconds(delay), maxHandBacks, DEFAULT_HOLD_FOR);
    }

    public ShareSettings withShare(int share) {
        return new ShareSettings(share, handBackDelay, maxHandBacks, holdFor);
    }

    public ShareSettings withHandBackDelay(Duration delay) {
        return new ShareSettings(share, delay, maxHandBacks, holdFor);
    }

    public ShareSettings withHoldFor(Duration holdFor) {
        return new ShareSettings(share, handBackDelay, maxHandBacks, holdFor);
    }
}
