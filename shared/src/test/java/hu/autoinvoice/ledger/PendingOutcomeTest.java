package hu.autoinvoice.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PendingOutcomeTest {

    private final Instant at = Instant.parse("2026-12-04T03:10:00.123Z");

    @Test
    void theStoredFormReadsBackAsTheSameOutcome() {
        for (PendingOutcome p : new PendingOutcome[] {
                PendingOutcome.issued("org-1", "P-1", "TIX-2026-1", at),
                PendingOutcome.reversed("org-1", "P-1", "TIX-2026-1", "TIX-2026-2", at),
                PendingOutcome.settled("org-1", "P-1", Outcome.PARKED, Reason.ACCOUNT_BLOCKED, "token-1", Optional.empty(), at),
                PendingOutcome.settled("org-1", "P-1", Outcome.FAILED, Reason.REFUND_REJECTED, "TIX-1", Optional.of("TIX-1"), at)}) {
            assertThat(PendingOutcome.decode(p.encode())).contains(p);
        }
    }

    @Test
    void theSameOutcomeOfTheSameItemHasTheSameIdAndAnyOtherAnother() {
        PendingOutcome issued = PendingOutcome.issued("org-1", "P-1", "TIX-1", at);
        assertThat(PendingOutcome.issued("org-1", "P-1", "TIX-1", at.plusSeconds(5)).eventId()).isEqualTo(issued.eventId());
        assertThat(PendingOutcome.issued("org-1", "P-2", "TIX-1", at).eventId()).isNotEqualTo(issued.eventId());
        assertThat(PendingOutcome.issued("org-2", "P-1", "TIX-1", at).eventId()).isNotEqualTo(issued.eventId());
        assertThat(PendingOutcome.reversed("org-1", "P-1", "TIX-1", "TIX-1", at).eventId()).isNotEqualTo(issued.eventId());
        PendingOutcome parked = PendingOutcome.settled("org-1", "P-1", Outcome.PARKED, Reason.ACCOUNT_BLOCKED, "t1", Optional.empty(), at);
        assertThat(PendingOutcome.settled("org-1", "P-1", Outcome.PARKED, Reason.ACCOUNT_BLOCKED, "t2", Optional.empty(), at).eventId())
                .as("parked by another claim is another event").isNotEqualTo(parked.eventId());
        assertThat(issued.eventId().version()).isEqualTo(3);
    }

    @Test
    void aStoredFormThisVersionCannotReadIsLeftAlone() {
        assertThat(PendingOutcome.decode("garbage")).isEmpty();
        String unknownOutcome = PendingOutcome.issued("o", "p", "N", at).encode().replace("ISSUED", "AMENDED");
        assertThat(PendingOutcome.decode(unknownOutcome)).isEmpty();
        String unknownReason = PendingOutcome.settled("o", "p", Outcome.PARKED, Reason.ACCOUNT_BLOCKED, "t", Optional.empty(), at)
                .encode().replace("ACCOUNT_BLOCKED", "SOMETHING_NEW");
        assertThat(PendingOutcome.decode(unknownReason)).isEmpty();
    }
}
