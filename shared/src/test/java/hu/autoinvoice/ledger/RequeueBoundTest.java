package hu.autoinvoice.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.aws.ResourceNames;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which re-queued copies may go: one per window, the window doubling for each copy no issuer took up. */
class RequeueBoundTest {

    private final RequeueBound bound = new RequeueBound(Duration.ofHours(1));
    private final Instant t0 = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void anUnmarkedItemMayGoAMarkedOneOnlyOnceItsWindowEnds() {
        assertThat(bound.allows(Optional.empty(), t0)).isTrue();
        Optional<RequeueMark> one = Optional.of(new RequeueMark(t0, 1));
        assertThat(bound.allows(one, t0)).isFalse();
        assertThat(bound.allows(one, t0.plus(Duration.ofMinutes(59)))).isFalse();
        assertThat(bound.allows(one, t0.plus(Duration.ofHours(1)))).isTrue();
    }

    @Test
    void eachCopyNoIssuerTookWaitsTwiceAsLongUpToTheCap() {
        assertThat(bound.nextAllowed(new RequeueMark(t0, 2))).isEqualTo(t0.plus(Duration.ofHours(2)));
        assertThat(bound.nextAllowed(new RequeueMark(t0, 3))).isEqualTo(t0.plus(Duration.ofHours(4)));
        assertThat(bound.nextAllowed(new RequeueMark(t0, RequeueBound.MAX_DOUBLINGS + 1)))
                .isEqualTo(t0.plus(Duration.ofHours(1L << RequeueBound.MAX_DOUBLINGS)));
        assertThat(bound.nextAllowed(new RequeueMark(t0, 40))).as("capped").isEqualTo(t0.plus(Duration.ofHours(64)));
    }

    @Test
    void theDefaultWindowOutlastsEveryDeliveryOfACopyAndBoundsTheCopiesWithinTheRetention() {
        assertThat(RequeueBound.DEFAULT_WINDOW).isEqualTo(Duration.ofMinutes(150))
                .isEqualTo(ResourceNames.VISIBILITY_TIMEOUT.multipliedBy(ResourceNames.MAX_RECEIVE_COUNT));
        // copies at 0, 2.5, 7.5, 17.5, 37.5, 77.5, 157.5 and 317.5 hours: 8 within the queue's 14 days (336 h),
        // where one per window would be 135
        assertThat(RequeueBound.defaults().copiesWithin(ResourceNames.MESSAGE_RETENTION)).isEqualTo(8);
        assertThat(bound.copiesWithin(Duration.ofMinutes(30))).isEqualTo(1);
        assertThat(bound.copiesWithin(Duration.ofMinutes(61))).isEqualTo(2);
    }
}
