package hu.autoinvoice.issuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShareSettingsTest {

    @Test
    void unsetMeansOffAndTheTemplatesVariablesTurnItOn() {
        assertThat(ShareSettings.fromEnvironment(Map.of()).enabled()).isFalse();
        ShareSettings on = ShareSettings.fromEnvironment(Map.of(ShareSettings.SHARE_VAR, " 40 ",
                ShareSettings.HAND_BACK_DELAY_VAR, "3", ShareSettings.MAX_HAND_BACKS_VAR, "7"));
        assertThat(on.enabled()).isTrue();
        assertThat(on.handBackDelay()).isEqualTo(Duration.ofSeconds(3));
        assertThat(on.rule(4)).isEqualTo(new FairShare(40, 4, 7));
        assertThat(ShareSettings.fromEnvironment(Map.of(ShareSettings.SHARE_VAR, "0")).enabled()).isFalse();
    }

    @Test
    void aDelaySqsCannotTakeOrAWordIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> ShareSettings.fromEnvironment(Map.of(ShareSettings.HAND_BACK_DELAY_VAR, "901")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShareSettings.fromEnvironment(Map.of(ShareSettings.SHARE_VAR, "forty")))
                .hasMessageContaining(ShareSettings.SHARE_VAR);
    }
}
