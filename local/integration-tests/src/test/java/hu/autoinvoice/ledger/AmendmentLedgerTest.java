package hu.autoinvoice.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.connect.OpenInvoices;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The amendment writes of the ledger against dynalite: the head's lease and fence, supersede, mark, revisions. */
@ExtendWith(LocalAwsExtension.class)
class AmendmentLedgerTest {

    private final InvoiceLedger ledger;
    private final AwsClients clients;
    private final AppConfig config;
    private final String acc = "amd-" + UUID.randomUUID().toString().substring(0, 8);
    private final Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    private final Duration lease = Duration.ofSeconds(90);

    AmendmentLedgerTest(AwsClients clients, AppConfig config) {
        this.clients = clients;
        this.config = config;
        this.ledger = new InvoiceLedger(clients.dynamoDb(), config.invoicesTable());
    }

    private Claim claim(String itemId, Instant now, Optional<String> reserveWith) {
        return ledger.claim(new PurchaseClaim(acc, itemId, "ai:" + acc + ":" + itemId, "{\"body\":\"" + itemId + "\"}", now,
                stored -> true), now, lease, lease, reserveWith);
    }

    @Test
    void theHeadIsHeldByOneDeliveryAtATimeAndFencesTheOthers() {
        PurchaseHead first = ledger.claimHead(acc, "P1", t0, lease).orElseThrow();
        assertThat(first.newestRevision()).isZero();
        assertThat(first.refunded()).isFalse();
        assertThat(ledger.claimHead(acc, "P1", t0.plusSeconds(10), lease)).as("busy").isEmpty();
        assertThat(ledger.recordNewest(first, 2, "{r2}", t0)).hasValueSatisfying(h -> {
            assertThat(h.newestRevision()).isEqualTo(2);
            assertThat(h.newestBody()).contains("{r2}");
        });
        assertThat(ledger.recordNewest(first, 1, "{r1}", t0)).as("never lowered").isEmpty();

        PurchaseHead second = ledger.claimHead(acc, "P1", t0.plus(lease).plusSeconds(1), lease).orElseThrow();
        assertThat(second.token()).isNotEqualTo(first.token());
        assertThat(second.newestRevision()).isEqualTo(2);
        assertThat(ledger.markRefunded(first, t0)).as("the first holder is fenced out").isEmpty();
        assertThat(ledger.markRefunded(second, t0)).hasValueSatisfying(h -> assertThat(h.refunded()).isTrue());

        ledger.releaseHead(first); // not ours any more: no effect
        assertThat(ledger.claimHead(acc, "P1", t0.plusSeconds(100), lease)).isEmpty();
        ledger.releaseHead(second);
        assertThat(ledger.claimHead(acc, "P1", t0.plusSeconds(100), lease)).isPresent();
        assertThat(ledger.findHead(acc, "P1")).hasValueSatisfying(h -> assertThat(h.refunded()).isTrue());
        assertThat(ledger.findHead(acc, "P2")).isEmpty();
    }

    @Test
    void theHeadIsInNoIndexAndNoListing() {
        ledger.claimHead(acc, "P1", t0, lease).orElseThrow();
        assertThat(claim("P1", t0, Optional.empty())).isInstanceOf(Claim.Claimed.class);
        assertThat(ledger.list(acc, new LedgerQuery(Set.of(), Optional.empty(), Optional.empty(), 50, Optional.empty()))
                .items()).extracting(LedgerEntry::purchaseId).containsExactly("P1");
        assertThat(new OpenInvoices(clients.dynamoDb(), config.invoicesTable()).count(acc).inProgress()).isEqualTo(1);
        assertThat(ledger.revisions(acc, "P1")).isEmpty();
    }

    @Test
    void revisionsAreFoundByOneQueryOfThePurchaseOnly() {
        claim("P1", t0, Optional.empty());
        claim("P1#r1", t0, Optional.empty());
        claim("P1#r3", t0, Optional.empty());
        claim("P10#r1", t0, Optional.empty());
        ledger.claimHead(acc, "P1", t0, lease);
        assertThat(ledger.revisions(acc, "P1")).extracting(LedgerEntry::purchaseId).containsExactlyInAnyOrder("P1#r1", "P1#r3");
    }

    @Test
    void anAbsentRevisionIsSupersededAndItsMessageNeverClaimsIt() {
        assertThat(ledger.supersede(acc, "P1", "ai:" + acc + ":P1", Optional.empty(), 1, t0)).hasValueSatisfying(e -> {
            assertThat(e.state()).isEqualTo(LedgerState.SUPERSEDED);
            assertThat(e.retired()).isTrue();
        });
        assertThat(claim("P1", t0, Optional.of("fp"))).isInstanceOfSatisfying(Claim.HasInvoice.class,
                has -> assertThat(has.entry().state()).isEqualTo(LedgerState.SUPERSEDED));
        assertThat(ledger.supersede(acc, "P1", "ai:" + acc + ":P1", Optional.empty(), 1, t0)).as("not absent any more")
                .isEmpty();
    }

    @Test
    void supersedeIsConditionalOnTheItemAsReadAndNeverTakesAnInvoice() {
        var claimed = (Claim.Claimed) claim("P1", t0, Optional.empty());
        LedgerEntry seen = claimed.entry();
        // the claimant counts a send meanwhile: the supersede decided on the older read is refused
        assertThat(ledger.recordSend(claimed.item(), t0, lease, "fp")).isInstanceOf(SendSlot.Granted.class);
        assertThat(ledger.supersede(acc, "P1", seen.externalId(), Optional.of(seen), 1, t0)).isEmpty();
        LedgerEntry now = ledger.find(acc, "P1").orElseThrow();
        ledger.issue(claimed.item(), "X-1", false, "fp", t0).orElseThrow();
        assertThat(ledger.supersede(acc, "P1", now.externalId(), Optional.of(ledger.find(acc, "P1").orElseThrow()), 1, t0))
                .as("an item with an invoice is reversed, never superseded").isEmpty();
    }

    @Test
    void aMarkedRevisionIsNeverSentAgainAndIsSupersededWhenItsQueryFindsNothing() {
        var claimed = (Claim.Claimed) claim("P1", t0, Optional.of("fp"));
        assertThat(claimed.firstSendReserved()).isTrue();
        ledger.release(claimed.item(), t0.plusSeconds(1), new Cause(Reason.AGENT_OUTCOME_UNKNOWN, "lost"), t0);
        LedgerEntry seen = ledger.find(acc, "P1").orElseThrow();
        assertThat(ledger.markSuperseding(seen, "{amendment}", 1, t0)).hasValueSatisfying(e -> {
            assertThat(e.supersededBy()).contains(1L);
            assertThat(e.refundBody()).contains("{amendment}");
            assertThat(e.state()).isEqualTo(LedgerState.SENDING);
        });
        var again = (Claim.Claimed) claim("P1", t0.plusSeconds(200), Optional.of("fp"));
        assertThat(ledger.recordSend(again.item(), t0, lease, "fp")).as("never a create for a marked item")
                .isInstanceOf(SendSlot.Lost.class);
        assertThat(ledger.supersedeClaimed(again.item(), t0)).hasValueSatisfying(e -> {
            assertThat(e.state()).isEqualTo(LedgerState.SUPERSEDED);
            assertThat(e.keyFingerprint()).isEmpty();
        });
        assertThat(InvoiceRequeue.bodyToSend(ledger.find(acc, "P1").orElseThrow())).as("no invoice: its own message")
                .contains("{\"body\":\"P1\"}");
    }

    @Test
    void aMarkedRevisionFoundIssuedIsRecordedWithItsRefundPending() {
        var claimed = (Claim.Claimed) claim("P1", t0, Optional.of("fp"));
        LedgerEntry seen = ledger.find(acc, "P1").orElseThrow();
        ledger.markSuperseding(seen, "{amendment}", 1, t0).orElseThrow();
        assertThat(ledger.issue(claimed.item(), "X-1", false, "fp", t0)).hasValueSatisfying(e -> {
            assertThat(e.state()).isEqualTo(LedgerState.REFUND_PENDING);
            assertThat(e.refundPending()).isTrue();
            assertThat(InvoiceRequeue.bodyToSend(e)).as("re-enqueued as the amendment").contains("{amendment}");
        });
    }
}
