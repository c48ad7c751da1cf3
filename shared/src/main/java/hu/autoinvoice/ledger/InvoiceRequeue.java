package hu.autoinvoice.ledger;

import hu.autoinvoice.aws.Tables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Re-enqueues an account's unfinished ledger items (pótlás / backfill): queries the GSI {@code accountId-state-index}
 * page by page and sends each selected item's stored message to the invoice queue in {@code SendMessageBatch} chunks
 * of at most 10; entries a batch reports as failed are sent again once, singly. The issuer is idempotent, so
 * re-enqueueing an item twice is harmless. A requeue that could not enqueue every selected item throws
 * {@link IncompleteRequeue} after sending the rest, so its caller never records it as done.
 *
 * <p>Copies in flight are bounded ({@link RequeueBound}): before its copy is sent, an item gets a {@link RequeueMark}
 * with one conditional write (the mark as read, the state as read); an item whose mark is younger than the window
 * has a copy on the queue and is skipped (not a miss: its copy is on its way). The issuer's claim (or refund write)
 * removes the mark. A copy that could not be sent has its mark put back as it was.
 *
 * <p>Which body is sent: the stored {@code purchase.paid} message; for an item whose invoice exists and whose refund
 * is due ({@code REFUND_PENDING}, or {@code FAILED} after a refused storno) the {@code purchase.refunded} message; an
 * item with only a refund (the purchase message never arrived) is skipped, there is nothing to issue.
 */
public final class InvoiceRequeue {

    /** Default age after which an item still {@code SENDING} or {@code REFUND_PENDING} counts as stuck. */
    public static final Duration DEFAULT_STUCK_AFTER = Duration.ofMinutes(30);

    private static final Logger LOG = LoggerFactory.getLogger(InvoiceRequeue.class);
    private static final int BATCH = 10;

    private final DynamoDbClient dynamo;
    private final Supplier<SqsClient> sqs;
    private final String table;
    private final String queueUrl;
    private final Duration stuckAfter;
    private final RequeueBound bound;
    private final Clock clock;

    public InvoiceRequeue(DynamoDbClient dynamo, SqsClient sqs, String invoicesTable, String invoiceQueueUrl) {
        this(dynamo, constant(Objects.requireNonNull(sqs, "sqs")), invoicesTable, invoiceQueueUrl, DEFAULT_STUCK_AFTER,
                Clock.systemUTC());
    }

    /** With the SQS client asked for only when something is re-enqueued; the default stuck age. */
    public InvoiceRequeue(DynamoDbClient dynamo, Supplier<SqsClient> sqs, String invoicesTable, String invoiceQueueUrl) {
        this(dynamo, sqs, invoicesTable, invoiceQueueUrl, DEFAULT_STUCK_AFTER, Clock.systemUTC());
    }

    /**
     * @param sqs asked for only when something is re-enqueued (the Lambdas pass {@code AwsClients::sqs}, so a cold
     *     start whose first invocation re-enqueues nothing never builds it)
     * @param stuckAfter how long after its last write an item still {@code SENDING} (lease run out) or
     *     {@code REFUND_PENDING} is taken as stuck: its message was lost or dead-lettered, and the probe re-drives it
     */
    public InvoiceRequeue(DynamoDbClient dynamo, Supplier<SqsClient> sqs, String invoicesTable, String invoiceQueueUrl,
            Duration stuckAfter, Clock clock) {
        this(dynamo, sqs, invoicesTable, invoiceQueueUrl, stuckAfter, RequeueBound.defaults(), clock);
    }

    /** As above, with the bound on copies in flight ({@link RequeueBound#defaults()} elsewhere). */
    public InvoiceRequeue(DynamoDbClient dynamo, Supplier<SqsClient> sqs, String invoicesTable, String invoiceQueueUrl,
            Duration stuckAfter, RequeueBound bound, Clock clock) {
        this.bound = Objects.requireNonNull(bound, "bound");
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.table = Objects.requireNonNull(invoicesTable, "invoicesTable");
        this.queueUrl = Objects.requireNonNull(invoiceQueueUrl, "invoiceQueueUrl");
        this.stuckAfter = Objects.requireNonNull(stuckAfter, "stuckAfter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The probe, for a healthy account, every run: re-enqueues every {@code PARKED} item (nothing should wait while
     * the account works — this also catches items parked after a recovery's backfill by a stale read), and the stuck
     * ones: {@code SENDING} with its lease run out and {@code REFUND_PENDING}, each untouched for the stuck age. Right
     * after a recovery ({@code afterRecovery}) every {@code REFUND_PENDING} item goes too (they waited for the account).
     *
     * @throws IncompleteRequeue when some selected item could not be enqueued (the next run tries again)
     */
    public int backfill(String accountId, boolean afterRecovery) {
        Instant now = clock.instant();
        Instant stuckBefore = now.minus(stuckAfter);
        return requeue(accountId, Map.of(
                LedgerState.PARKED, entry -> true,
                LedgerState.REFUND_PENDING, entry -> afterRecovery || entry.updatedAt().isBefore(stuckBefore),
                LedgerState.SENDING, entry -> !entry.leaseLive(now) && entry.updatedAt().isBefore(stuckBefore)));
    }

    /**
     * The connect API's re-issue (pótlás), an explicit request: re-enqueues the account's {@code PARKED},
     * {@code FAILED} and {@code REFUND_PENDING} items, and the {@code SENDING} ones whose lease ran out.
     */
    public int reissue(String accountId) {
        Instant now = clock.instant();
        return requeue(accountId, Map.of(
                LedgerState.PARKED, entry -> true,
                LedgerState.FAILED, entry -> true,
                LedgerState.REFUND_PENDING, entry -> true,
                LedgerState.SENDING, entry -> !entry.leaseLive(now)));
    }

    /** Re-sends the stored message of every item of {@code accountId} in one of {@code states}. */
    public int requeue(String accountId, Set<LedgerState> states) {
        Map<LedgerState, Predicate<LedgerEntry>> all = new EnumMap<>(LedgerState.class);
        states.forEach(state -> all.put(state, entry -> true));
        return requeue(accountId, all);
    }

    /**
     * Re-sends the stored message of every item of {@code accountId} whose state is a key of {@code selection} and
     * which that state's predicate accepts.
     *
     * @return how many messages were enqueued
     * @throws IncompleteRequeue when some could not be enqueued (all others were)
     * @throws software.amazon.awssdk.core.exception.SdkException when DynamoDB or SQS fail (the call may be repeated)
     */
    public int requeue(String accountId, Map<LedgerState, Predicate<LedgerEntry>> selection) {
        Instant now = clock.instant();
        int selectedCount = 0;
        int enqueued = 0;
        int inFlight = 0;
        List<Copy> pending = new ArrayList<>();
        for (var selected : new EnumMap<>(selection).entrySet()) {
            for (var item : dynamo.queryPaginator(Tables.invoicesInState(table, accountId, selected.getKey().name()).build()).items()) {
                LedgerEntry entry = InvoiceLedger.fromItem(item);
                Optional<String> body = selected.getValue().test(entry) ? bodyToSend(entry) : Optional.empty();
                if (body.isEmpty()) {
                    continue;
                }
                Optional<RequeueMark> seen = RequeueMark.of(item);
                Optional<RequeueMark> mark = bound.allows(seen, now) ? mark(entry, seen, now) : Optional.empty();
                if (mark.isEmpty()) {
                    inFlight++; // a copy is on its way (or the item moved on since the index showed it)
                    continue;
                }
                selectedCount++;
                pending.add(new Copy(entry, body.get(), seen, mark.get()));
                if (pending.size() == BATCH) {
                    enqueued += send(pending);
                    pending.clear();
                }
            }
        }
        if (!pending.isEmpty()) {
            enqueued += send(pending);
        }
        int missed = selectedCount - enqueued;
        LOG.info("Re-enqueued {} ledger item(s) of account {} in {}{}{}", enqueued, accountId, selection.keySet(),
                inFlight == 0 ? "" : ", " + inFlight + " skipped (a copy in flight)",
                missed == 0 ? "" : ", " + missed + " could not be enqueued");
        if (missed > 0) {
            throw new IncompleteRequeue(enqueued, missed);
        }
        return enqueued;
    }

    /** One copy to send: the item, its body, its mark before and the mark written for this copy. */
    private record Copy(LedgerEntry entry, String body, Optional<RequeueMark> before, RequeueMark mark) {}

    /**
     * Marks the item for one more copy: conditional on its state and its mark as read (another requeue marking it
     * first, or the item moving on, wins). The mark written, or empty when the condition failed.
     */
    private Optional<RequeueMark> mark(LedgerEntry entry, Optional<RequeueMark> seen, Instant now) {
        RequeueMark next = new RequeueMark(now, seen.map(m -> m.copies() + 1).orElse(1));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":now", AttributeValue.fromS(now.toString()),
                ":n", AttributeValue.fromN(Integer.toString(next.copies())), ":state", AttributeValue.fromS(entry.state().name())));
        seen.ifPresent(m -> values.put(":seen", AttributeValue.fromS(m.at().toString())));
        try {
            dynamo.updateItem(b -> b.tableName(table).key(InvoiceLedger.key(entry.accountId(), entry.purchaseId()))
                    .updateExpression("SET #rqAt = :now, #rqN = :n")
                    .conditionExpression("#state = :state AND " + (seen.isPresent() ? "#rqAt = :seen" : "attribute_not_exists(#rqAt)"))
                    .expressionAttributeNames(Map.of("#rqAt", InvoiceLedger.REQUEUED_AT, "#rqN", InvoiceLedger.REQUEUES,
                            "#state", InvoiceLedger.STATE))
                    .expressionAttributeValues(values));
            return Optional.of(next);
        } catch (ConditionalCheckFailedException markedOrMoved) {
            return Optional.empty();
        }
    }

    /** A copy that could not be sent: its mark back as it was (unless the item was taken up or marked since). */
    private void unmark(Copy copy) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":mine", AttributeValue.fromS(copy.mark().at().toString())));
        String update = copy.before().map(m -> {
            values.put(":at", AttributeValue.fromS(m.at().toString()));
            values.put(":n", AttributeValue.fromN(Integer.toString(m.copies())));
            return "SET #rqAt = :at, #rqN = :n";
        }).orElse("REMOVE #rqAt, #rqN");
        try {
            dynamo.updateItem(b -> b.tableName(table).key(InvoiceLedger.key(copy.entry().accountId(), copy.entry().purchaseId()))
                    .updateExpression(update).conditionExpression("#rqAt = :mine")
                    .expressionAttributeNames(Map.of("#rqAt", InvoiceLedger.REQUEUED_AT, "#rqN", InvoiceLedger.REQUEUES))
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException takenUpSince) {
            // the issuer took the item up (mark removed) or another requeue marked it: nothing to put back
        } catch (RuntimeException e) {
            LOG.warn("A requeue mark could not be put back ({}); the item is sent again once the window ends",
                    e.getClass().getSimpleName());
        }
    }

    static Optional<String> bodyToSend(LedgerEntry entry) {
        if (entry.hasInvoice() && entry.refundBody().isPresent() && entry.state() != LedgerState.REVERSED) {
            return entry.refundBody();
        }
        return entry.messageBody();
    }

    /** Sends with {@code MessageGroupId} = the account, as the checkout backend does (the fair queue's tenant). */
    private int send(List<Copy> copies) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < copies.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(copies.get(i).body())
                    .messageGroupId(copies.get(i).entry().accountId()).build());
        }
        SendMessageBatchResponse response;
        try {
            response = sqs.get().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        } catch (RuntimeException e) {
            copies.forEach(this::unmark);
            throw e;
        }
        int sent = response.successful().size();
        for (var failed : response.failed()) {
            Copy copy = copies.get(Integer.parseInt(failed.id()));
            try {
                sqs.get().sendMessage(b -> b.queueUrl(queueUrl).messageBody(copy.body())
                        .messageGroupId(copy.entry().accountId()));
                sent++;
            } catch (RuntimeException e) {
                LOG.warn("Re-enqueue failed for one message ({}: {})", failed.code(), e.getClass().getSimpleName());
                unmark(copy);
            }
        }
        return sent;
    }

    private static Supplier<SqsClient> constant(SqsClient sqs) {
        return () -> sqs;
    }

    /** Some selected items could not be enqueued (the others were); the caller must not record the requeue as done. */
    public static final class IncompleteRequeue extends RuntimeException {
        private final int enqueued;
        private final int missed;

        IncompleteRequeue(int enqueued, int missed) {
            super(missed + " ledger item(s) could not be re-enqueued (" + enqueued + " were)");
            this.enqueued = enqueued;
            this.missed = missed;
        }

        public int enqueued() {
            return enqueued;
        }

        public int missed() {
            return missed;
        }
    }
}
