package hu.autoinvoice.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tenant throttle's pure rate logic: windows, Retry-After, the admission rule, the settings. */
class FixedWindowTest {

    private static final Duration TEN = Duration.ofSeconds(10);

    @Test
    void everyInstantOfAWindowMapsToItAndTheNextInstantToTheNext() {
        Instant start = Instant.parse("2026-12-04T10:00:00Z");
        FixedWindow w = FixedWindow.of(start, TEN);
        assertThat(w.start()).isEqualTo(start);
        assertThat(w.end()).isEqualTo(start.plus(TEN));
        assertThat(FixedWindow.of(start.plusMillis(9_999), TEN)).isEqualTo(w);
        assertThat(FixedWindow.of(start.plus(TEN), TEN).index()).isEqualTo(w.index() + 1);
        assertThat(FixedWindow.of(start.minusMillis(1), TEN).index()).isEqualTo(w.index() - 1);
    }

    @Test
    void retryAfterIsTheWholeSecondsToTheNextWindowRoundedUpAndAtLeastOne() {
        Instant start = Instant.parse("2026-12-04T10:00:00Z");
        FixedWindow w = FixedWindow.of(start, TEN);
        assertThat(w.retryAfterSeconds(start)).isEqualTo(10);
        assertThat(w.retryAfterSeconds(start.plusMillis(1))).isEqualTo(10);
        assertThat(w.retryAfterSeconds(start.plusMillis(8_001))).isEqualTo(2);
        assertThat(w.retryAfterSeconds(start.plusMillis(9_999))).isEqualTo(1);
        assertThat(w.retryAfterSeconds(start.plus(TEN))).as("never 0").isEqualTo(1);
    }

    @Test
    void theCounterItemOutlivesItsWindowByADay() {
        FixedWindow w = FixedWindow.of(Instant.parse("2026-12-04T10:00:00Z"), TEN);
        assertThat(w.expiresAtEpochSecond()).isEqualTo(Instant.parse("2026-12-05T10:00:10Z").getEpochSecond());
    }

    @Test
    void aRequestIsAdmittedBelowTheLimitInItsWindowAndAlwaysInAFreshOne() {
        FixedWindow w = new FixedWindow(100, TEN);
        assertThat(w.admits(-1, 0, 3)).as("no counter yet").isTrue();
        assertThat(w.admits(100, 2, 3)).isTrue();
        assertThat(w.admits(100, 3, 3)).as("the limit reached").isFalse();
        assertThat(w.admits(99, 3, 3)).as("an older window's count does not count").isTrue();
        assertThat(w.admits(101, 3, 3)).as("a newer window (a later clock) counts").isFalse();
    }

    @Test
    void aWindowIsWholeSeconds() {
        assertThatThrownBy(() -> FixedWindow.of(Instant.EPOCH, Duration.ofMillis(1500))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FixedWindow.of(Instant.EPOCH, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingsComeFromTheEnvironmentWithDefaultsAndRefuseNonsense() {
        assertThat(TenantThrottleSettings.fromMap(Map.of())).isEqualTo(TenantThrottleSettings.defaults());
        TenantThrottleSettings set = TenantThrottleSettings.fromMap(Map.of(TenantThrottleSettings.WINDOW_VAR, "60",
                TenantThrottleSettings.READS_VAR, " 300 ", TenantThrottleSettings.WRITES_VAR, ""));
        assertThat(set.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(set.limit(RateClass.READ)).isEqualTo(300);
        assertThat(set.limit(RateClass.WRITE)).isEqualTo(TenantThrottleSettings.DEFAULT_WRITES);
        assertThat(TenantThrottleSettings.defaults().limit(RateClass.READ))
                .as("reads get the larger budget").isGreaterThan(TenantThrottleSettings.defaults().limit(RateClass.WRITE));
        assertThatThrownBy(() -> TenantThrottleSettings.fromMap(Map.of(TenantThrottleSettings.READS_VAR, "0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TenantThrottleSettings.fromMap(Map.of(TenantThrottleSettings.WRITES_VAR, "ten")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(TenantThrottleSettings.WRITES_VAR);
    }
}
