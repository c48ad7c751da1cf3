package hu.autoinvoice.issuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FairShareTest {

    private final FairShare rule = new FairShare(6, 4, 3);

    private static Map<String, Integer> of(Object... pairs) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return m;
    }

    @Test
    void anAccountAloneMayUseEverySlotButOnlyThePerBatchCapInOneInvocation() {
        assertThat(rule.grant(of("big", 10), of("big", 30))).containsEntry("big", 4);
        assertThat(rule.grant(of("big", 2), of())).containsEntry("big", 2);
    }

    @Test
    void whileAnotherAccountIsInFlightAnAccountGetsOnlyWhatIsLeftOfItsShare() {
        assertThat(rule.grant(of("big", 10), of("big", 4, "small", 1))).containsEntry("big", 2);
        assertThat(rule.grant(of("big", 10), of("big", 6, "small", 1))).containsEntry("big", 0);
        assertThat(rule.grant(of("big", 10), of("big", 9, "small", 1))).containsEntry("big", 0);
    }

    @Test
    void anotherAccountInTheSameBatchCountsAsWorkAndGetsItsOwnShare() {
        Map<String, Integer> grants = rule.grant(of("big", 8, "small", 1), of("big", 5));
        assertThat(grants).containsEntry("big", 1).containsEntry("small", 1);
    }

    @Test
    void anAccountThatHoldsNothingAlwaysGetsUpToThePerBatchCap() {
        assertThat(rule.grant(of("small", 7), of("big", 40))).containsEntry("small", 4);
    }

    @Test
    void onlyAFirstDeliveryBelowTheHandBackLimitMayBeHandedBack() {
        assertThat(rule.mayHandBack(1, 0)).isTrue();
        assertThat(rule.mayHandBack(1, 2)).isTrue();
        assertThat(rule.mayHandBack(1, 3)).as("handed back often enough: runs").isFalse();
        assertThat(rule.mayHandBack(2, 0)).as("SQS redelivered it: it already waited").isFalse();
    }

    @Test
    void aShareBelowOneIsRefused() {
        assertThatThrownBy(() -> new FairShare(0, 4, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
