package hu.autoinvoice.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How much time the current invocation has left, e.g. {@code context::getRemainingTimeInMillis} in Lambda: the probe
 * stops starting accounts, and the issuer stops starting Agent calls, when it runs low.
 */
@FunctionalInterface
public interface TimeBudget {

    /** No limit (tests and local calls without a Lambda context). */
    TimeBudget UNLIMITED = () -> Long.MAX_VALUE;

    long remainingMillis();

    /** A budget ending at {@code deadline} by {@code clock} (local runs without a Lambda context). */
    static TimeBudget until(Instant deadline, Clock clock) {
        return () -> Duration.between(clock.instant(), deadline).toMillis();
    }

    /** A budget of {@code length} from now by the system clock. */
    static TimeBudget of(Duration length) {
        return until(Instant.now().plus(length), Clock.systemUTC());
    }
}
