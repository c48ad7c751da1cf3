package hu.autoinvoice.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.agent.AgentTransport;
import hu.autoinvoice.agent.TransportOutcome;
import org.junit.jupiter.api.Test;

/** {@link RecordTimer}: a record's time is split at the Agent call, per thread; crashed or untimed records are not counted. */
class RecordTimerTest {

    private static final AgentTransport SLOW_AGENT = (key, request) -> {
        sleep(40);
        return new TransportOutcome.IoFailure("not sent (test)");
    };

    @Test
    void splitsARecordsTimeIntoInsideAndOutsideTheAgentCall() throws Exception {
        RecordTimer timer = new RecordTimer();
        AgentTransport timed = timer.around(SLOW_AGENT);
        long begun = System.nanoTime();
        Thread record = Thread.ofVirtual().start(() -> {
            timer.started();
            sleep(20);
            timed.send(null, null);
            sleep(20);
            timer.processed(null);
        });
        record.join();
        double wall = (System.nanoTime() - begun) / 1e6;
        RecordTimer.Samples samples = timer.take();
        assertThat(samples.count()).isEqualTo(1);
        // no upper bounds in wall-clock terms (a loaded box only stretches the sleeps): the call's 40 ms are inside,
        // the 40 ms of sleeping around it outside, and the two parts add up to no more than the record took — so the
        // call is not counted on both sides
        double inside = samples.insideAgentMillis(50);
        double outside = samples.outsideAgentMillis(50);
        assertThat(inside).isGreaterThanOrEqualTo(40.0);
        assertThat(outside).isGreaterThanOrEqualTo(40.0);
        assertThat(inside + outside).isLessThanOrEqualTo(wall + 1.0);
        assertThat(timer.take().count()).as("take starts afresh").isZero();
    }

    @Test
    void anAgentCallOnAnotherThreadIsNotTheRecordsAndCrashedOrUntimedRecordsAreNotCounted() throws Exception {
        RecordTimer timer = new RecordTimer();
        AgentTransport timed = timer.around(SLOW_AGENT);
        timer.started();
        Thread other = Thread.ofVirtual().start(() -> timed.send(null, null));
        other.join();
        timer.processed(null);
        RecordTimer.Samples samples = timer.take();
        assertThat(samples.count()).isEqualTo(1);
        assertThat(samples.insideAgentMillis(50)).isZero();
        assertThat(samples.outsideAgentMillis(50)).isGreaterThanOrEqualTo(40.0);

        timer.started();
        timer.crashed(new IllegalStateException("test"));
        timer.processed(null); // no started() since the crash: not a timed record
        assertThat(timer.take().count()).isZero();
    }

    @Test
    void percentilesAreNearestRank() {
        RecordTimer.Samples samples = new RecordTimer.Samples(
                java.util.stream.LongStream.rangeClosed(1, 200).map(ms -> ms * 1_000_000).toArray(), new long[0]);
        assertThat(samples.outsideAgentMillis(50)).isEqualTo(100.0);
        assertThat(samples.outsideAgentMillis(99)).isEqualTo(198.0);
        assertThat(samples.insideAgentMillis(50)).isZero();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
