package hu.autoinvoice.issuer;

import static hu.autoinvoice.issuer.VerdictFixtures.ACCOUNT;
import static hu.autoinvoice.issuer.VerdictFixtures.KEY;
import static hu.autoinvoice.issuer.VerdictFixtures.PURCHASE;
import static hu.autoinvoice.issuer.VerdictFixtures.T0;
import static hu.autoinvoice.issuer.VerdictFixtures.entry;
import static hu.autoinvoice.issuer.VerdictFixtures.marked;
import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.ledger.PurchaseHead;
import hu.autoinvoice.ledger.Reason;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link AmendVerdict}: the head's decision for every relation of the revision to the newest one and every refund
 * flag, and the step for an older revision item in every state (with and without an invoice, a send, a settled send,
 * a mark, a live lease).
 */
class AmendVerdictTest {

    private static PurchaseHead head(long newest, boolean refunded) {
        return new PurchaseHead(ACCOUNT, PURCHASE, newest, Optional.empty(), refunded, "t");
    }

    @Test
    void anOlderRevisionIsStaleWhateverElseHolds() {
        for (boolean refunded : new boolean[] {false, true}) {
            for (boolean before : new boolean[] {false, true}) {
                assertThat(AmendVerdict.atHead(head(3, refunded), 2, before, false)).isEqualTo(new AmendVerdict.Stale(3));
            }
        }
    }

    @Test
    void theNewestOrANewerRevisionProceeds() {
        assertThat(AmendVerdict.atHead(head(0, false), 1, false, false)).isEqualTo(new AmendVerdict.Proceed(false));
        assertThat(AmendVerdict.atHead(head(2, false), 2, false, false)).as("a duplicate: idempotent")
                .isEqualTo(new AmendVerdict.Proceed(false));
        assertThat(AmendVerdict.atHead(head(1, false), 4, false, true)).as("no line left: a whole refund")
                .isEqualTo(new AmendVerdict.Proceed(true));
    }

    @Test
    void aRefundedPurchaseRefusesANewRevision() {
        for (var verdict : new AmendVerdict[] {
                AmendVerdict.atHead(head(1, true), 2, false, false),
                AmendVerdict.atHead(head(0, false), 1, true, false),
                AmendVerdict.atHead(head(0, true), 1, false, true)}) {
            assertThat(verdict).isInstanceOfSatisfying(AmendVerdict.Refuse.class,
                    r -> assertThat(r.cause().reason()).isEqualTo(Reason.AMENDED_AFTER_REFUND));
        }
    }

    @Test
    void aRevisionAcceptedBeforeTheRefundFinishesAsAWholeRefund() {
        assertThat(AmendVerdict.atHead(head(2, true), 2, false, false)).isEqualTo(new AmendVerdict.Proceed(true));
    }

    @Test
    void anAbsentOlderRevisionIsSuperseded() {
        assertThat(AmendVerdict.older(Optional.empty(), T0)).isInstanceOf(AmendVerdict.Supersede.class);
    }

    @Test
    void reversedAndSupersededRevisionsAreDone() {
        for (LedgerState s : EnumSet.of(LedgerState.REVERSED, LedgerState.SUPERSEDED)) {
            assertThat(AmendVerdict.older(Optional.of(entry(s, 1, s == LedgerState.REVERSED ? Optional.of("A-1")
                    : Optional.empty(), Optional.empty(), Optional.of(KEY))), T0)).as(s.name())
                    .isInstanceOf(AmendVerdict.Done.class);
        }
    }

    @Test
    void everyRevisionWithAnInvoiceNotReversedIsReversed() {
        for (LedgerState s : EnumSet.of(LedgerState.ISSUED, LedgerState.REFUND_PENDING, LedgerState.FAILED,
                LedgerState.PARKED)) {
            LedgerEntry e = entry(s, 1, Optional.of("A-1"), Optional.empty(), Optional.of(KEY));
            assertThat(AmendVerdict.older(Optional.of(e), T0)).as(s.name()).isEqualTo(new AmendVerdict.Reverse(e));
        }
    }

    @Test
    void aRevisionWithoutAnInvoiceAndWithoutAnUnsettledSendIsSuperseded() {
        for (LedgerState s : EnumSet.of(LedgerState.SENDING, LedgerState.PARKED, LedgerState.FAILED)) {
            assertThat(AmendVerdict.older(Optional.of(entry(s, 0, Optional.empty(), Optional.empty(), Optional.of(KEY))),
                    T0)).as(s + ", nothing sent").isInstanceOf(AmendVerdict.Supersede.class);
            assertThat(AmendVerdict.older(Optional.of(entry(s, 2, Optional.empty(), Optional.empty(), Optional.empty())),
                    T0)).as(s + ", its sends settled (refused: no key fingerprint)").isInstanceOf(AmendVerdict.Supersede.class);
        }
    }

    @Test
    void aCreateOfUnknownOutcomeIsMarkedNeverSuperseded() {
        for (LedgerState s : EnumSet.of(LedgerState.SENDING, LedgerState.PARKED, LedgerState.FAILED)) {
            LedgerEntry e = entry(s, 1, Optional.empty(), Optional.empty(), Optional.of(KEY));
            assertThat(AmendVerdict.older(Optional.of(e), T0)).as(s.name()).isEqualTo(new AmendVerdict.Mark(e));
        }
    }

    @Test
    void aMarkedRevisionIsDrivenUnlessAnotherDeliveryHoldsIt() {
        LedgerEntry held = marked(LedgerState.SENDING, 1, Optional.of(KEY), 1, Optional.of(T0.plusSeconds(30)));
        assertThat(AmendVerdict.older(Optional.of(held), T0)).isEqualTo(new AmendVerdict.Wait(held));
        LedgerEntry expired = marked(LedgerState.SENDING, 1, Optional.of(KEY), 1, Optional.of(T0.minusSeconds(1)));
        assertThat(AmendVerdict.older(Optional.of(expired), T0)).isEqualTo(new AmendVerdict.Drive(expired));
        LedgerEntry failed = marked(LedgerState.FAILED, 5, Optional.of(KEY), 1, Optional.empty());
        assertThat(AmendVerdict.older(Optional.of(failed), T0)).as("send budget spent: a query may still settle it")
                .isEqualTo(new AmendVerdict.Drive(failed));
    }

    @Test
    void aMarkedRevisionIsNeverCreatedAgain() {
        LedgerEntry e = marked(LedgerState.SENDING, 1, Optional.of(KEY), 1, Optional.empty());
        assertThat(IssueVerdict.unlessSuperseded(e, new IssueVerdict.Create())).isInstanceOf(IssueVerdict.Supersede.class);
        for (IssueVerdict other : new IssueVerdict[] {new IssueVerdict.QueryFirst(), new IssueVerdict.Record("A-1", false),
                new IssueVerdict.Retry(Reason.LEASE_HELD)}) {
            assertThat(IssueVerdict.unlessSuperseded(e, other)).isEqualTo(other);
        }
        LedgerEntry unmarked = entry(LedgerState.SENDING, 1, Optional.empty(), Optional.empty(), Optional.of(KEY));
        assertThat(IssueVerdict.unlessSuperseded(unmarked, new IssueVerdict.Create())).isInstanceOf(IssueVerdict.Create.class);
    }

    @Test
    void revisionItemIdsAndExternalIds() {
        assertThat(PurchaseHead.itemId("P-1", 0)).isEqualTo("P-1");
        assertThat(PurchaseHead.itemId("P-1", 12)).isEqualTo("P-1#r12");
        assertThat(PurchaseHead.revisionOf("P-1", "P-1#r12")).contains(12L);
        assertThat(PurchaseHead.revisionOf("P-1", "P-1")).contains(0L);
        assertThat(PurchaseHead.revisionOf("P-1", "P-10#r1")).isEmpty();
        assertThat(PurchaseHead.revisionOf("P-1", "P-1#head")).isEmpty();
        assertThat(PurchaseHead.revisionOfItem("P-1#r12")).isEqualTo(12L);
        assertThat(PurchaseHead.revisionOfItem("P-1")).isZero();
        assertThat(PurchaseHead.purchaseOf("P-1#r3")).isEqualTo("P-1");
        assertThat(hu.autoinvoice.invoice.ExternalIds.ofRevision("org-42", "P-1", 0)).isEqualTo("ai:org-42:P-1");
        assertThat(hu.autoinvoice.invoice.ExternalIds.ofRevision("org-42", "P-1", 2)).isEqualTo("ai:org-42:P-1:r2");
    }
}
