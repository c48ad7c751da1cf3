package hu.autoinvoice.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The history every ledger write appends, and the outbox the outcome writes fill (and the pending-outcomes index that
 * finds them), against the local DynamoDB.
 */
@ExtendWith(LocalAwsExtension.class)
class LedgerHistoryAndOutboxTest {

    private final InvoiceLedger ledger;
    private final String acc = "hist-" + UUID.randomUUID().toString().substring(0, 8);
    private final Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    private final Duration lease = Duration.ofSeconds(90);

    LedgerHistoryAndOutboxTest(AwsClients clients, AppConfig config) {
        this.ledger = new InvoiceLedger(clients.dynamoDb(), config.invoicesTable());
    }

    private Claim.Claimed claim(String pid, Instant now, boolean reserve) {
        return (Claim.Claimed) ledger.claim(new PurchaseClaim(acc, pid, "ai:" + acc + ":" + pid, "{}", now, stored -> true),
                now, lease, lease, reserve ? Optional.of("fp") : Optional.empty());
    }

    private static List<LedgerStep> steps(LedgerEntry entry) {
        return entry.history().stream().map(HistoryEntry::step).toList();
    }

    @Test
    void everyWriteAppendsItsStepWithTimeReasonAndDocument() {
        Claim.Claimed first = claim("P1", t0, true);
        ledger.park(first.item(), new Cause(Reason.ACCOUNT_BLOCKED, "blocked"), t0.plusSeconds(1));
        Claim.Claimed second = claim("P1", t0.plusSeconds(60), false);
        ledger.recordSend(second.item(), t0.plusSeconds(61), lease, "fp");
        ledger.issue(second.item(), "TIX-1", false, "fp", t0.plusSeconds(62));
        ledger.recordRefund(acc, "P1", "ai:" + acc + ":P1", "{\"refund\":1}", t0.plusSeconds(70));
        ledger.reverse(new InvoicedItem(acc, "P1", "TIX-1"), "TIX-2", t0.plusSeconds(71));

        LedgerEntry item = ledger.find(acc, "P1").orElseThrow();
        assertThat(steps(item)).containsExactly(LedgerStep.CLAIMED, LedgerStep.CREATE_SENT, LedgerStep.PARKED,
                LedgerStep.CLAIMED, LedgerStep.CREATE_SENT, LedgerStep.ISSUED, LedgerStep.REFUND_RECORDED,
                LedgerStep.REVERSED);
        assertThat(item.history().get(2).reason()).contains(Reason.ACCOUNT_BLOCKED);
        assertThat(item.history().get(2).at()).isEqualTo(t0.plusSeconds(1));
        assertThat(item.history().get(5).document()).contains("TIX-1");
        assertThat(item.history().get(7).document()).contains("TIX-2");
        assertThat(item.history().get(0).reason()).isEmpty();
    }

    @Test
    void aLostClaimWritesNoStep() {
        Claim.Claimed first = claim("P2", t0, false);
        Claim.Claimed second = claim("P2", t0.plus(lease).plusSeconds(1), false);
        assertThat(ledger.issue(first.item(), "TIX-9", false, "fp", t0.plusSeconds(100))).isEmpty();
        assertThat(ledger.park(first.item(), new Cause(Reason.ACCOUNT_BLOCKED, "x"), t0.plusSeconds(100))).isEmpty();
        assertThat(steps(ledger.find(acc, "P2").orElseThrow())).containsExactly(LedgerStep.CLAIMED, LedgerStep.CLAIMED);
        assertThat(second.entry().outbox()).isEmpty();
    }

    @Test
    void theHistoryKeepsItsLastStepsOnly() {
        Instant now = t0;
        for (int i = 0; i < 30; i++) {
            Claim.Claimed c = claim("P3", now, false);
            ledger.park(c.item(), new Cause(i % 2 == 0 ? Reason.ACCOUNT_BLOCKED : Reason.ACCOUNT_KEY_REJECTED, "loop " + i),
                    now.plusSeconds(1));
            now = now.plusSeconds(10);
        }
        LedgerEntry item = ledger.find(acc, "P3").orElseThrow();
        assertThat(item.history()).hasSize(InvoiceLedger.HISTORY_LIMIT);
        assertThat(item.history().getLast().step()).isEqualTo(LedgerStep.PARKED);
        assertThat(item.history().getLast().at()).isEqualTo(now.minusSeconds(9));
        assertThat(item.history().getFirst().at()).isAfter(t0);
    }

    @Test
    void anOutcomeWriteFillsTheOutboxAndTheIndexUntilCleared() {
        Claim.Claimed c = claim("P4", t0, true);
        LedgerEntry issued = ledger.issue(c.item(), "TIX-4", true, "fp", t0.plusSeconds(1)).orElseThrow();
        assertThat(issued.outbox()).singleElement().satisfies(p -> {
            assertThat(p.outcome()).isEqualTo(Outcome.ISSUED);
            assertThat(p.invoiceNumber()).contains("TIX-4");
            assertThat(p.at()).isEqualTo(t0.plusSeconds(1));
        });
        assertThat(ledger.withPendingOutcomes(acc, 10)).extracting(LedgerEntry::purchaseId).containsExactly("P4");

        ledger.clearOutbox(issued, issued.outbox());
        assertThat(ledger.find(acc, "P4").orElseThrow().outbox()).isEmpty();
        assertThat(ledger.withPendingOutcomes(acc, 10)).isEmpty();
    }

    @Test
    void anOutcomeAddedWhilePublishingStaysPending() {
        Claim.Claimed c = claim("P5", t0, true);
        LedgerEntry issued = ledger.issue(c.item(), "TIX-5", false, "fp", t0.plusSeconds(1)).orElseThrow();
        ledger.recordRefund(acc, "P5", "ai:" + acc + ":P5", "{\"refund\":1}", t0.plusSeconds(2));
        LedgerEntry reversed = ledger.reverse(new InvoicedItem(acc, "P5", "TIX-5"), "TIX-6", t0.plusSeconds(3)).orElseThrow();
        assertThat(reversed.outbox()).extracting(PendingOutcome::outcome).containsExactly(Outcome.ISSUED, Outcome.REVERSED);

        // the publisher read the item before the reversal: it clears only what it published
        ledger.clearOutbox(issued, issued.outbox());
        LedgerEntry after = ledger.find(acc, "P5").orElseThrow();
        assertThat(after.outbox()).extracting(PendingOutcome::outcome).containsExactly(Outcome.REVERSED);
        assertThat(after.outbox().getFirst().stornoNumber()).contains("TIX-6");
        assertThat(ledger.withPendingOutcomes(acc, 10)).extracting(LedgerEntry::purchaseId).containsExactly("P5");

        ledger.clearOutbox(after, after.outbox());
        assertThat(ledger.withPendingOutcomes(acc, 10)).isEmpty();
    }

    @Test
    void parkedAgainForTheSameReasonIsAnnouncedOnceAndAnotherReasonAgain() {
        Claim.Claimed c1 = claim("P6", t0, false);
        LedgerEntry parked = ledger.park(c1.item(), new Cause(Reason.ACCOUNT_BLOCKED, "blocked"), t0.plusSeconds(1)).orElseThrow();
        assertThat(parked.outbox()).singleElement().satisfies(p -> {
            assertThat(p.outcome()).isEqualTo(Outcome.PARKED);
            assertThat(p.reason()).contains(Reason.ACCOUNT_BLOCKED);
        });
        ledger.clearOutbox(parked, parked.outbox());

        Claim.Claimed c2 = claim("P6", t0.plusSeconds(60), false);
        LedgerEntry again = ledger.park(c2.item(), new Cause(Reason.ACCOUNT_BLOCKED, "still"), t0.plusSeconds(61)).orElseThrow();
        assertThat(again.outbox()).isEmpty();
        assertThat(again.state()).isEqualTo(LedgerState.PARKED);
        assertThat(steps(again)).endsWith(LedgerStep.PARKED);

        Claim.Claimed c3 = claim("P6", t0.plusSeconds(120), false);
        LedgerEntry other = ledger.park(c3.item(), new Cause(Reason.ACCOUNT_KEY_REJECTED, "revoked"), t0.plusSeconds(121)).orElseThrow();
        assertThat(other.outbox()).singleElement().satisfies(p -> assertThat(p.reason()).contains(Reason.ACCOUNT_KEY_REJECTED));
        assertThat(other.outbox().getFirst().eventId()).isNotEqualTo(parked.outbox().getFirst().eventId());

        Claim.Claimed c4 = claim("P6", t0.plusSeconds(180), false);
        LedgerEntry failed = ledger.fail(c4.item(), new Cause(Reason.AGENT_DATA_ERROR, "refused"), t0.plusSeconds(181)).orElseThrow();
        assertThat(failed.outbox()).extracting(PendingOutcome::outcome).containsExactly(Outcome.PARKED, Outcome.FAILED);
    }

    @Test
    void aRefusedStornoAnnouncesAFailureThatNamesTheInvoice() {
        Claim.Claimed c = claim("P7", t0, true);
        LedgerEntry issued = ledger.issue(c.item(), "TIX-7", false, "fp", t0.plusSeconds(1)).orElseThrow();
        ledger.clearOutbox(issued, issued.outbox());
        ledger.recordRefund(acc, "P7", "ai:" + acc + ":P7", "{\"refund\":1}", t0.plusSeconds(2));
        LedgerEntry failed = ledger.failRefund(new InvoicedItem(acc, "P7", "TIX-7"),
                new Cause(Reason.REFUND_REJECTED, "refused"), t0.plusSeconds(3)).orElseThrow();
        assertThat(failed.outbox()).singleElement().satisfies(p -> {
            assertThat(p.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(p.invoiceNumber()).contains("TIX-7");
            assertThat(p.reason()).contains(Reason.REFUND_REJECTED);
        });
        assertThat(steps(failed)).endsWith(LedgerStep.REFUND_RECORDED, LedgerStep.REFUND_FAILED);
    }
}
