package hu.autoinvoice.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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
        return ledger.claim(new PurchaseClaim(acc, pid, "ai:" + acc + ":" + pid, "{\"body\":\"" + pid + "\"}", now, stored -> true), now, lease, lease, Optional.empty());
    }

    @Test
    void aLiveLeaseBlocksOthersAndAnExpiredOneIsTakenOverWithANewToken() {
        var first = (Claim.Claimed) claim("P1", t0);
        assertThat(claim("P1", t0.plusSeconds(10))).isInstanceOf(Claim.Busy.class);
        var second = (Claim.Claimed) claim("P1", t0.plus(lease).plusSeconds(1));
        assertThat(second.token()).isNotEqualTo(first.token());
        // the first claimant is fenced out
        assertThat(ledger.recordSend(new ClaimedItem(acc, "P1", first.token()), t0, lease, "fp-test")).isInstanceOf(SendSlot.Lost.class);
        assertThat(ledger.issue(new ClaimedItem(acc, "P1", first.token()), "X-1", false, "fp-test", t0)).isEmpty();
        assertThat(ledger.issue(new ClaimedItem(acc, "P1", second.token()), "X-1", false, "fp-test", t0)).isPresent();
        assertThat(claim("P1", t0.plusSeconds(999))).isInstanceOf(Claim.HasInvoice.class);
    }

    @Test
    void aClaimThatCreatesTheItemCanReserveTheFirstSendButNeverOnAnExistingItem() {
        String pid = "P-R";
        var fresh = (Claim.Claimed) ledger.claim(new PurchaseClaim(acc, pid, "ai:" + acc + ":" + pid, "{}", t0, stored -> true), t0, lease, lease, Optional.of("fp-test"));
        assertThat(fresh.firstSendReserved()).isTrue();
        assertThat(fresh.entry().sends()).isEqualTo(1);
        assertThat(ledger.find(acc, pid).orElseThrow().sends()).isEqualTo(1);

        // the lease expires without an outcome: the next claim finds the item and must query first, not reserve
        var retry = (Claim.Claimed) ledger.claim(new PurchaseClaim(acc, pid, "ai:" + acc + ":" + pid, "{}", t0.plus(lease).plusSeconds(1), stored -> true), t0.plus(lease).plusSeconds(1), lease, lease, Optional.of("fp-test"));
        assertThat(retry.firstSendReserved()).isFalse();
        assertThat(retry.entry().sends()).isEqualTo(1);
        assertThat(ledger.recordSend(new ClaimedItem(acc, pid, retry.token()), t0, lease, "fp-test")).isEqualTo(new SendSlot.Granted(2));
    }

    @Test
    void atMostFiveSendsEverAcrossClaims() {
        int granted = 0;
        for (int i = 0; i < 8; i++) {
            var c = (Claim.Claimed) claim("P2", t0.plus(lease.multipliedBy(2L * i + 2)));
            if (ledger.recordSend(new ClaimedItem(acc, "P2", c.token()), t0, lease, "fp-test") instanceof SendSlot.Granted) {
                granted++;
            }
            ledger.park(new ClaimedItem(acc, "P2", c.token()), new Cause(Reason.ACCOUNT_PROBLEM, "parked"), t0);
        }
        assertThat(granted).isEqualTo(InvoiceLedger.MAX_SENDS);
        assertThat(ledger.find(acc, "P2").orElseThrow().sends()).isEqualTo(5);
    }

    @Test
    void refundBeforeInvoiceIsRecordedAndSeenByTheIssueWrite() {
        LedgerEntry parked = ledger.recordRefund(acc, "P3", "ai:" + acc + ":P3", "{refund}", t0);
        assertThat(parked.state()).isEqualTo(LedgerState.PARKED);
        assertThat(parked.refundBody()).contains("{refund}");
        assertThat(parked.refundPending()).as("no invoice to reverse yet").isFalse();
        var c = (Claim.Claimed) claim("P3", t0);
        assertThat(c.entry().messageBody()).contains("{\"body\":\"P3\"}");
        LedgerEntry issued = ledger.issue(new ClaimedItem(acc, "P3", c.token()), "X-3", true, "fp-test", t0).orElseThrow();
        assertThat(issued.state()).as("the issue write sees the refund").isEqualTo(LedgerState.REFUND_PENDING);
        assertThat(issued.refundPending()).isTrue();
        assertThat(issued.eInvoice()).contains(true);
        assertThat(ledger.reverse(new InvoicedItem(acc, "P3", "X-3"), "X-4", t0)).isPresent();
        assertThat(ledger.reverse(new InvoicedItem(acc, "P3", "X-3"), "X-4", t0)).isEmpty();
        assertThat(ledger.recordRefund(acc, "P3", "ai:" + acc + ":P3", "{refund}", t0).state()).isEqualTo(LedgerState.REVERSED);
    }

    @Test
    void requeueSendsStoredBodiesOfTheAskedStates() {
        for (int i = 0; i < 23; i++) {
            var c = (Claim.Claimed) claim("Q" + i, t0);
            if (i % 2 == 0) {
                ledger.park(new ClaimedItem(acc, "Q" + i, c.token()), new Cause(Reason.ACCOUNT_BLOCKED, "136"), t0);
            } else {
                ledger.fail(new ClaimedItem(acc, "Q" + i, c.token()), new Cause(Reason.AGENT_DATA_ERROR, "57"), t0);
            }
        }
        String queue = clients.sqs().createQueue(b -> b.queueName("requeue-" + acc)).queueUrl();
        var requeue = new InvoiceRequeue(clients.dynamoDb(), clients.sqs(), config.invoicesTable(), queue);
        assertThat(requeue.requeue(acc, Set.of(LedgerState.PARKED))).isEqualTo(12);
        // the parked items' copies are still on the queue (no issuer took them up): only the failed ones go now
        assertThat(requeue.requeue(acc, Set.of(LedgerState.PARKED, LedgerState.FAILED))).isEqualTo(11);
        assertThat(queued(queue)).isEqualTo(23);
        for (int i = 0; i < 23; i++) {
            assertThat(ledger.find(acc, "Q" + i).orElseThrow().messageBody()).contains("{\"body\":\"Q" + i + "\"}");
        }
    }

    /** A requeue on a clock the test moves, with a one-hour window of copies in flight. */
    private InvoiceRequeue requeueAt(java.util.concurrent.atomic.AtomicReference<Instant> now, String queue) {
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        return new InvoiceRequeue(clients.dynamoDb(), clients::sqs, config.invoicesTable(), queue,
                InvoiceRequeue.DEFAULT_STUCK_AFTER, new RequeueBound(Duration.ofHours(1)), clock);
    }

    private int queued(String queue) {
        return Integer.parseInt(clients.sqs().getQueueAttributes(b -> b.queueUrl(queue)
                .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages"));
    }

    @Test
    void repeatedReissuesPutOneCopyOfAnItemInFlightUntilTheIssuerTakesItUpOrTheWindowEnds() {
        for (int i = 0; i < 3; i++) {
            var c = (Claim.Claimed) claim("W" + i, t0);
            ledger.park(new ClaimedItem(acc, "W" + i, c.token()), new Cause(Reason.ACCOUNT_BLOCKED, "136"), t0);
        }
        String queue = clients.sqs().createQueue(b -> b.queueName("bound-" + acc)).queueUrl();
        var now = new java.util.concurrent.atomic.AtomicReference<>(t0.plusSeconds(60));
        InvoiceRequeue requeue = requeueAt(now, queue);
        assertThat(requeue.reissue(acc)).isEqualTo(3);
        for (int press = 0; press < 5; press++) {
            now.set(now.get().plus(Duration.ofMinutes(5)));
            assertThat(requeue.reissue(acc)).as("press %d: the copies are still in flight", press).isZero();
            assertThat(requeue.backfill(acc, true)).as("the probe's backfill is bounded alike").isZero();
        }
        assertThat(queued(queue)).as("one copy per item").isEqualTo(3);

        // the issuer takes W0 up (its claim removes the mark) and parks it again: W0 may go again at once
        var taken = (Claim.Claimed) claim("W0", now.get());
        assertThat(ledger.park(new ClaimedItem(acc, "W0", taken.token()), new Cause(Reason.ACCOUNT_BLOCKED, "136"), now.get())).isPresent();
        assertThat(requeue.reissue(acc)).isEqualTo(1);
        assertThat(queued(queue)).isEqualTo(4);

        // W1's and W2's copies were lost (say, dead-lettered): once the window ends they go again, W0's is still young
        now.set(t0.plusSeconds(60).plus(Duration.ofHours(1)));
        assertThat(requeue.reissue(acc)).isEqualTo(2);
        assertThat(requeue.reissue(acc)).as("and then wait twice as long").isZero();
        now.set(now.get().plus(Duration.ofHours(2)));
        assertThat(requeue.reissue(acc)).as("W0's window ended; W1, W2 after two windows").isEqualTo(3);
        assertThat(queued(queue)).isEqualTo(9);
    }

    @Test
    void theRefundWriteTakesARefundPendingItemUpAsTheClaimDoes() {
        var c = (Claim.Claimed) claim("RP", t0);
        ledger.issue(new ClaimedItem(acc, "RP", c.token()), "X-RP", false, "fp-test", t0);
        ledger.recordRefund(acc, "RP", "ai:" + acc + ":RP", "{refund-RP}", t0);
        String queue = clients.sqs().createQueue(b -> b.queueName("refund-bound-" + acc)).queueUrl();
        var now = new java.util.concurrent.atomic.AtomicReference<>(t0.plusSeconds(60));
        InvoiceRequeue requeue = requeueAt(now, queue);
        assertThat(requeue.reissue(acc)).isEqualTo(1);
        assertThat(requeue.reissue(acc)).isZero();
        // the re-queued refund arrives: recorded again (the first body kept), the mark removed
        assertThat(ledger.recordRefund(acc, "RP", "ai:" + acc + ":RP", "{refund-RP}", now.get()).state())
                .isEqualTo(LedgerState.REFUND_PENDING);
        assertThat(requeue.reissue(acc)).isEqualTo(1);
        assertThat(queued(queue)).isEqualTo(2);
    }

    @Test
    void aRefundOfAnIssuedInvoiceIsRecordedWhateverHappensNextAndShowsAsPending() {
        var c = (Claim.Claimed) claim("R1", t0);
        assertThat(ledger.issue(new ClaimedItem(acc, "R1", c.token()), "X-10", false, "fp-test", t0).orElseThrow().state()).isEqualTo(LedgerState.ISSUED);

        LedgerEntry pending = ledger.recordRefund(acc, "R1", "ai:" + acc + ":R1", "{refund-1}", t0);
        assertThat(pending.state()).isEqualTo(LedgerState.REFUND_PENDING);
        assertThat(pending.refundBody()).contains("{refund-1}");
        assertThat(InvoiceRequeue.bodyToSend(pending)).as("backfill re-sends the refund, not the purchase").contains("{refund-1}");
        assertThat(ledger.holdRefund(new InvoicedItem(acc, "R1", "X-10"), new Cause(Reason.ACCOUNT_BLOCKED, "136"), t0)).isPresent();
        assertThat(ledger.find(acc, "R1").orElseThrow().reason()).contains(Reason.ACCOUNT_BLOCKED);
        assertThat(ledger.recordRefund(acc, "R1", "ai:" + acc + ":R1", "{refund-2}", t0).refundBody())
                .as("the first refund is kept").contains("{refund-1}");

        assertThat(ledger.failRefund(new InvoicedItem(acc, "R1", "X-10"), new Cause(Reason.REFUND_REJECTED, "14: storno of storno"), t0)).isPresent();
        LedgerEntry failed = ledger.find(acc, "R1").orElseThrow();
        assertThat(failed.state()).isEqualTo(LedgerState.FAILED);
        assertThat(failed.invoiceNumber()).contains("X-10");
        assertThat(failed.refundPending()).as("a refused storno waits for a person").isFalse();
        // a redriven refund makes it pending again
        assertThat(ledger.recordRefund(acc, "R1", "ai:" + acc + ":R1", "{refund-1}", t0).state()).isEqualTo(LedgerState.REFUND_PENDING);
        assertThat(ledger.reverse(new InvoicedItem(acc, "R1", "X-10"), "X-11", t0)).isPresent();
        assertThat(ledger.holdRefund(new InvoicedItem(acc, "R1", "X-10"), new Cause(Reason.STORNO_TRANSIENT, "late"), t0)).as("reversed is final").isEmpty();
    }

    @Test
    void aClaimThatReservesACreateLeasesTheCallPlusTheSettleTime() {
        Duration sendLease = lease.plusSeconds(75);
        var fresh = (Claim.Claimed) ledger.claim(new PurchaseClaim(acc, "L1", "ai:" + acc + ":L1", "{}", t0, stored -> true), t0, lease, sendLease, Optional.of("fp-test"));
        assertThat(fresh.entry().leaseUntil()).contains(t0.plus(sendLease));
        var existing = (Claim.Claimed) ledger.claim(new PurchaseClaim(acc, "L1", "ai:" + acc + ":L1", "{}", t0.plus(sendLease).plusSeconds(1), stored -> true), t0.plus(sendLease).plusSeconds(1), lease, sendLease, Optional.of("fp-test"));
        assertThat(existing.entry().leaseUntil()).as("no create reserved: the plain lease")
                .contains(t0.plus(sendLease).plusSeconds(1).plus(lease));
    }

    @Test
    void theStoredBodyIsReplacedBeforeAnyCreateAndFixedAfterOne() {
        var first = (Claim.Claimed) ledger.claim(new PurchaseClaim(acc, "B1", "ai:" + acc + ":B1", "{v1}", t0, "{v1}"::equals), t0, lease, lease, Optional.empty());
        ledger.park(new ClaimedItem(acc, "B1", first.token()), new Cause(Reason.ACCOUNT_BLOCKED, "136"), t0);
        var corrected = (Claim.Claimed) ledger.claim(new PurchaseClaim(acc, "B1", "ai:" + acc + ":B1", "{v2}", t0, "{v2}"::equals), t0, lease, lease, Optional.empty());
        assertThat(corrected.entry().messageBody()).as("never sent: the correction applies").contains("{v2}");
        assertThat(ledger.recordSend(new ClaimedItem(acc, "B1", corrected.token()), t0, lease, "fp-test")).isInstanceOf(SendSlot.Granted.class);
        ledger.park(new ClaimedItem(acc, "B1", corrected.token()), new Cause(Reason.ACCOUNT_BLOCKED, "136"), t0);

        Claim changed = ledger.claim(new PurchaseClaim(acc, "B1", "ai:" + acc + ":B1", "{v3}", t0, "{v3}"::equals), t0, lease, lease, Optional.empty());
        assertThat(changed).isInstanceOf(Claim.Changed.class);
        assertThat(ledger.find(acc, "B1").orElseThrow().state()).as("nothing written").isEqualTo(LedgerState.PARKED);
        assertThat(ledger.claim(new PurchaseClaim(acc, "B1", "ai:" + acc + ":B1", "{v2}", t0, "{v2}"::equals), t0, lease, lease, Optional.empty()))
                .as("the same content is claimed as before").isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void aRequeueThatCouldNotEnqueueEveryItemSaysSoAfterSendingTheRest() {
        for (int i = 0; i < 3; i++) {
            var c = (Claim.Claimed) claim("F" + i, t0);
            ledger.park(new ClaimedItem(acc, "F" + i, c.token()), new Cause(Reason.ACCOUNT_BLOCKED, "136"), t0);
        }
        String queue = clients.sqs().createQueue(b -> b.queueName("partial-" + acc)).queueUrl();
        // an SQS client whose batch send fails one entry and whose single send fails too
        software.amazon.awssdk.services.sqs.SqsClient real = clients.sqs();
        software.amazon.awssdk.services.sqs.SqsClient flaky = (software.amazon.awssdk.services.sqs.SqsClient)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {software.amazon.awssdk.services.sqs.SqsClient.class}, (proxy, method, args) -> {
                            if (method.getName().equals("sendMessageBatch")) {
                                @SuppressWarnings("unchecked")
                                var build = (java.util.function.Consumer<software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest.Builder>) args[0];
                                var builder = software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest.builder();
                                build.accept(builder);
                                var request = builder.build();
                                var kept = request.entries().subList(1, request.entries().size());
                                var response = real.sendMessageBatch(request.toBuilder().entries(kept).build());
                                return response.toBuilder().failed(software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry.builder()
                                        .id(request.entries().getFirst().id()).code("InternalError").senderFault(false).build()).build();
                            }
                            if (method.getName().equals("sendMessage")) {
                                throw software.amazon.awssdk.services.sqs.model.SqsException.builder().message("down").build();
                            }
                            return method.invoke(real, args);
                        });
        var requeue = new InvoiceRequeue(clients.dynamoDb(), () -> flaky, config.invoicesTable(), queue);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> requeue.requeue(acc, Set.of(LedgerState.PARKED)))
                .isInstanceOfSatisfying(InvoiceRequeue.IncompleteRequeue.class, incomplete -> {
                    assertThat(incomplete.enqueued()).isEqualTo(2);
                    assertThat(incomplete.missed()).isEqualTo(1);
                });
        assertThat(clients.sqs().getQueueAttributes(b -> b.queueUrl(queue).attributeNamesWithStrings("ApproximateNumberOfMessages"))
                .attributesAsStrings().get("ApproximateNumberOfMessages")).isEqualTo("2");
        // the copy that could not be sent is not counted as in flight: the next requeue sends it, and only it
        var healthy = new InvoiceRequeue(clients.dynamoDb(), clients.sqs(), config.invoicesTable(), queue);
        assertThat(healthy.requeue(acc, Set.of(LedgerState.PARKED))).isEqualTo(1);
        assertThat(queued(queue)).isEqualTo(3);
    }
}
