package hu.autoinvoice.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ledger's conditional writes against dynalite: claim, lease, fencing, send budget, refund, requeue. */
@ExtendWith(LocalAwsExtension.class)
class InvoiceLedgerTest {

    private final InvoiceLedger ledger;
    private final AwsClients clients;
    private final AppConfig config;
    private final String acc = "led-" + UUID.randomUUID().toString().substring(0, 8);
    private final Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
    private final Duration lease = Duration.ofSeconds(90);

    InvoiceLedgerTest(AwsClients clients, AppConfig config) {
        this.clients = clients;
        this.config = config;
        this.ledger = new InvoiceLedger(clients.dynamoDb(), config.invoicesTable());
    }

    private Claim claim(String pid, Instant now) {
        return ledger.claim(acc, pid, "ai:" + acc + ":" + pid, "{\"body\":\"" + pid + "\"}", now, lease, false);
    }

    @Test
    void aLiveLeaseBlocksOthersAndAnExpiredOneIsTakenOverWithANewToken() {
        var first = (Claim.Claimed) claim("P1", t0);
        assertThat(claim("P1", t0.plusSeconds(10))).isInstanceOf(Claim.Busy.class);
        var second = (Claim.Claimed) claim("P1", t0.plus(lease).plusSeconds(1));
        assertThat(second.token()).isNotEqualTo(first.token());
        // the first claimant is fenced out
        assertThat(ledger.recordSend(acc, "P1", first.token(), t0, lease)).isInstanceOf(SendSlot.Lost.class);
        assertThat(ledger.issue(acc, "P1", first.token(), "X-1", false, t0)).isEmpty();
        assertThat(ledger.issue(acc, "P1", second.token(), "X-1", false, t0)).isPresent();
        assertThat(claim("P1", t0.plusSeconds(999))).isInstanceOf(Claim.HasInvoice.class);
    }

    @Test
    void aClaimThatCreatesTheItemCanReserveTheFirstSendButNeverOnAnExistingItem() {
        String pid = "P-R";
        var fresh = (Claim.Claimed) ledger.claim(acc, pid, "ai:" + acc + ":" + pid, "{}", t0, lease, true);
        assertThat(fresh.firstSendReserved()).isTrue();
        assertThat(fresh.entry().sends()).isEqualTo(1);
        assertThat(ledger.find(acc, pid).orElseThrow().sends()).isEqualTo(1);

        // the lease expires without an outcome: the next claim finds the item and must query first, not reserve
        var retry = (Claim.Claimed) ledger.claim(acc, pid, "ai:" + acc + ":" + pid, "{}", t0.plus(lease).plusSeconds(1),
                lease, true);
        assertThat(retry.firstSendReserved()).isFalse();
        assertThat(retry.entry().sends()).isEqualTo(1);
        assertThat(ledger.recordSend(acc, pid, retry.token(), t0, lease)).isEqualTo(new SendSlot.Granted(2));
    }

    @Test
    void atMostFiveSendsEverAcrossClaims() {
        int granted = 0;
        for (int i = 0; i < 8; i++) {
            var c = (Claim.Claimed) claim("P2", t0.plus(lease.multipliedBy(2L * i + 2)));
            if (ledger.recordSend(acc, "P2", c.token(), t0, lease) instanceof SendSlot.Granted) {
                granted++;
            }
            ledger.park(acc, "P2", c.token(), "TEST", "parked", t0);
        }
        assertThat(granted).isEqualTo(InvoiceLedger.MAX_SENDS);
        assertThat(ledger.find(acc, "P2").orElseThrow().sends()).isEqualTo(5);
    }

    @Test
    void refundBeforeInvoiceIsRecordedAndSeenByTheIssueWrite() {
        LedgerEntry parked = ledger.recordRefund(acc, "P3", "ai:" + acc + ":P3", "{refund}", t0);
        assertThat(parked.state()).isEqualTo(LedgerState.PARKED);
        assertThat(parked.refundPending()).isTrue();
        var c = (Claim.Claimed) claim("P3", t0);
        assertThat(c.entry().messageBody()).contains("{\"body\":\"P3\"}");
        LedgerEntry issued = ledger.issue(acc, "P3", c.token(), "X-3", true, t0).orElseThrow();
        assertThat(issued.refundPending()).isTrue();
        assertThat(issued.eInvoice()).contains(true);
        assertThat(ledger.reverse(acc, "P3", "X-3", "X-4", t0)).isTrue();
        assertThat(ledger.reverse(acc, "P3", "X-3", "X-4", t0)).isFalse();
        assertThat(ledger.recordRefund(acc, "P3", "ai:" + acc + ":P3", "{refund}", t0).state()).isEqualTo(LedgerState.REVERSED);
    }

    @Test
    void requeueSendsStoredBodiesOfTheAskedStates() {
        for (int i = 0; i < 23; i++) {
            var c = (Claim.Claimed) claim("Q" + i, t0);
            if (i % 2 == 0) {
                ledger.park(acc, "Q" + i, c.token(), "ACCOUNT_BLOCKED", "136", t0);
            } else {
                ledger.fail(acc, "Q" + i, c.token(), "AGENT_DATA_ERROR", "57", t0);
            }
        }
        String queue = clients.sqs().createQueue(b -> b.queueName("requeue-" + acc)).queueUrl();
        var requeue = new InvoiceRequeue(clients.dynamoDb(), clients.sqs(), config.invoicesTable(), queue);
        assertThat(requeue.requeue(acc, Set.of(LedgerState.PARKED))).isEqualTo(12);
        assertThat(requeue.requeue(acc, Set.of(LedgerState.PARKED, LedgerState.FAILED))).isEqualTo(23);
        var attributes = clients.sqs().getQueueAttributes(b -> b.queueUrl(queue).attributeNamesWithStrings("ApproximateNumberOfMessages"))
                .attributesAsStrings();
        assertThat(attributes.get("ApproximateNumberOfMessages")).isEqualTo("35");
    }
}
