package hu.autoinvoice.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** How much time the current run has left, e.g. {@code context::getRemainingTimeInMillis} in Lambda. */
@FunctionalInterface
public interface TimeBudget {

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
