package hu.autoinvoice.ledger;

import hu.autoinvoice.aws.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Re-enqueues an account's ledger items in given states (pótlás / backfill): queries the GSI
 * {@code accountId-state-index} page by page and sends each item's stored message to the invoice queue in
 * {@code SendMessageBatch} chunks of at most 10; entries a batch reports as failed are sent again once, singly.
 * The issuer is idempotent, so re-enqueueing an item twice is harmless.
 *
 * <p>Which body is sent: the stored {@code purchase.paid} message; for an item whose invoice exists and whose refund
 * is pending (parked for the refund) the {@code purchase.refunded} message; an item with only a refund (the purchase
 * message never arrived) is skipped, there is nothing to issue.
 */
public final class InvoiceRequeue {

    private static final Logger LOG = LoggerFactory.getLogger(InvoiceRequeue.class);
    private static final int BATCH = 10;

    private final DynamoDbClient dynamo;
    private final Supplier<SqsClient> sqs;
    private final String table;
    private final String queueUrl;

    public InvoiceRequeue(DynamoDbClient dynamo, SqsClient sqs, String invoicesTable, String invoiceQueueUrl) {
        this(dynamo, constant(Objects.requireNonNull(sqs, "sqs")), invoicesTable, invoiceQueueUrl);
    }

    /**
     * With the SQS client asked for only when something is re-enqueued (the Lambdas pass {@code AwsClients::sqs}, so
     * a cold start whose first invocation re-enqueues nothing never builds it).
     */
    public InvoiceRequeue(DynamoDbClient dynamo, Supplier<SqsClient> sqs, String invoicesTable, String invoiceQueueUrl) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.table = Objects.requireNonNull(invoicesTable, "invoicesTable");
        this.queueUrl = Objects.requireNonNull(invoiceQueueUrl, "invoiceQueueUrl");
    }

    /** The probe's backfill after an account recovers: re-enqueues its {@code PARKED} items. */
    public int backfillParked(String accountId) {
        return requeue(accountId, Set.of(LedgerState.PARKED));
    }

    /** The connect API's re-issue (pótlás): re-enqueues the account's {@code PARKED} and {@code FAILED} items. */
    public int reissue(String accountId) {
        return requeue(accountId, Set.of(LedgerState.PARKED, LedgerState.FAILED));
    }

    /**
     * Re-sends the stored message of every item of {@code accountId} in one of {@code states}.
     *
     * @return how many messages were enqueued
     * @throws software.amazon.awssdk.core.exception.SdkException when DynamoDB or SQS fail (the call may be repeated)
     */
    public int requeue(String accountId, Set<LedgerState> states) {
        int enqueued = 0;
        List<String> pending = new ArrayList<>();
        for (LedgerState state : states) {
            for (var item : dynamo.queryPaginator(Tables.invoicesInState(table, accountId, state.name()).build()).items()) {
                Optional<String> body = bodyToSend(InvoiceLedger.fromItem(item));
                if (body.isPresent()) {
                    pending.add(body.get());
                    if (pending.size() == BATCH) {
                        enqueued += send(pending);
                        pending.clear();
                    }
                }
            }
        }
        if (!pending.isEmpty()) {
            enqueued += send(pending);
        }
        LOG.info("Re-enqueued {} ledger item(s) of account {} in {}", enqueued, accountId, states);
        return enqueued;
    }

    static Optional<String> bodyToSend(LedgerEntry entry) {
        if (entry.hasInvoice() && entry.refundPending()) {
            return entry.refundBody();
        }
        return entry.messageBody();
    }

    private int send(List<String> bodies) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(bodies.get(i)).build());
        }
        SendMessageBatchResponse response = sqs.get().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        int sent = response.successful().size();
        for (var failed : response.failed()) {
            String body = bodies.get(Integer.parseInt(failed.id()));
            try {
                sqs.get().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
                sent++;
            } catch (RuntimeException e) {
                LOG.warn("Re-enqueue failed for one message ({}: {}); the next requeue will pick it up",
                        failed.code(), e.getClass().getSimpleName());
            }
        }
        return sent;
    }

    private static Supplier<SqsClient> constant(SqsClient sqs) {
        return () -> sqs;
    }
}
