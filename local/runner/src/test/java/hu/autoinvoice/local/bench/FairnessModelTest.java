package hu.autoinvoice.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The fairness model's invariants at a small size, for each of the four ways it runs. */
class FairnessModelTest {

    /** 2,000 purchases in 60 s beside 10 organisers at 12 a minute, 4 invocations, share 8. */
    private static final FairnessModel.Config SMALL = new FairnessModel.Config(2_000, 60, 10, 10, 12, 4, 10, 1000, 500,
            0.2, 4, 8, 1000, 3, 50, true, 7);

    @Test
    void everyPurchaseIsProcessedExactlyOnceWithAndWithoutEachMeasure() {
        for (boolean fairQueue : new boolean[] {false, true}) {
            for (int share : new int[] {0, 8}) {
                FairnessModel.Result r = FairnessModel.run(SMALL.withFairness(fairQueue, share));
                String run = "fair queue " + fairQueue + ", share " + share;
                assertThat(r.processedTwice()).as(run).isZero();
                assertThat(r.lost()).as(run).isZero();
                assertThat(r.maxConcurrent()).as(run + ": MaximumConcurrency").isBetween(1, 4);
                assertThat(r.maxHandBacksOfOne()).as(run + ": hand-backs of one purchase").isLessThanOrEqualTo(3);
                assertThat(r.receives()).as(run + ": every message received once, every copy once")
                        .isEqualTo(r.purchases() + r.handBacks());
                if (share == 0) {
                    assertThat(r.handBacks()).as(run).isZero();
                } else {
                    assertThat(r.handBacks()).as(run).isPositive();
                    assertThat(r.maxBigInFlightWithOthers()).as(run + ": the share holds").isBetween(1, 8);
                }
            }
        }
    }

    @Test
    void aRunIsDeterministicForItsSeedAndAnotherSeedGivesAnotherRun() {
        FairnessModel.Result a = FairnessModel.run(SMALL);
        FairnessModel.Result b = FairnessModel.run(SMALL);
        assertThat(b.bigDrainSeconds()).isEqualTo(a.bigDrainSeconds());
        assertThat(b.smallWaits()).containsExactly(a.smallWaits());
        FairnessModel.Result other = FairnessModel.run(new FairnessModel.Config(2_000, 60, 10, 10, 12, 4, 10, 1000, 500,
                0.2, 4, 8, 1000, 3, 50, true, 8));
        assertThat(other.bigDrainSeconds()).isNotEqualTo(a.bigDrainSeconds());
    }

    @Test
    void withoutAnyMeasureTheSmallOrganisersWaitBehindTheBurst() {
        FairnessModel.Result unfair = FairnessModel.run(SMALL.withFairness(false, 0));
        FairnessModel.Result fair = FairnessModel.run(SMALL.withFairness(true, 16));
        assertThat(unfair.smallPercentile(99)).isGreaterThan(3 * fair.smallPercentile(99));
        assertThat(fair.smallPercentile(99)).as("one Agent call and a little").isLessThan(3.0);
    }
}
