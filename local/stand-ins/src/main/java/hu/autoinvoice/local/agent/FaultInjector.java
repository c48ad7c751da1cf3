package hu.autoinvoice.local.agent;

import java.util.Random;

/**
 * One seeded random sequence per simulator; every Agent request draws four numbers from it, in arrival order,
 * whatever the rates are, so a given seed and request sequence always give the same faults.
 */
final class FaultInjector {

    /**
     * What happens to one request. At most one of down / transient / lost is set; {@code dataError} is never set
     * with down or transient (it applies only when the request is a document create).
     */
    record Draw(long latencyMs, boolean down, boolean transientFault, boolean lostReply, boolean dataError) {
    }

    private Faults faults = Faults.none();
    private Random random = new Random(faults.seed());

    synchronized Draw draw() {
        double down = random.nextDouble();
        double transientFault = random.nextDouble();
        double lost = random.nextDouble();
        double dataError = random.nextDouble();
        boolean isDown = down < faults.downRate();
        boolean isTransient = !isDown && transientFault < faults.transientRate();
        boolean isLost = !isDown && !isTransient && lost < faults.lostReplyRate();
        boolean isDataError = !isDown && !isTransient && dataError < faults.dataErrorRate();
        return new Draw(faults.latencyMs(), isDown, isTransient, isLost, isDataError);
    }

    /** Replaces the faults and restarts the random sequence from their seed. */
    synchronized Faults set(Faults value) {
        faults = value;
        random = new Random(value.seed());
        return faults;
    }

    synchronized Faults current() {
        return faults;
    }
}
