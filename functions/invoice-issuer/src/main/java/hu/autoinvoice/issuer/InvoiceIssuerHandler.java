package hu.autoinvoice.issuer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import hu.autoinvoice.aws.TimeBudget;
import hu.autoinvoice.observability.LogContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * The invoice-issuer Lambda ({@code SQSEvent} → {@code SQSBatchResponse}, ReportBatchItemFailures): hands the batch
 * to {@link IssuerBatch} and reports the records to retry. Never throws for one record. Its parts come from
 * {@link InvoiceIssuerWiring}.
 * A stream handler: the event is read by {@link SqsBatchJson} (cold start: the runtime's reflective POJO
 * serialisation is never loaded); {@link #handle} is the same call with the event as an object.
 */
public final class InvoiceIssuerHandler implements RequestStreamHandler {

    private final IssuerBatch batch;

    /** Lambda entry: everything from the environment ({@link InvoiceIssuerWiring#fromEnvironment()}). */
    public InvoiceIssuerHandler() {
        this(InvoiceIssuerWiring.fromEnvironment().batch());
    }

    /** Over a batch processor ({@link InvoiceIssuerWiring#handler()} builds it). */
    public InvoiceIssuerHandler(IssuerBatch batch) {
        this.batch = Objects.requireNonNull(batch, "batch");
    }

    /** SQS's {@code ApproximateReceiveCount} of the record; 1 when absent or unreadable. */
    static int receiveCount(SQSEvent.SQSMessage record) {
        String count = record.getAttributes() == null ? null : record.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Math.max(1, Integer.parseInt(count.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** How often the record was handed back before (its {@value HandBacks#ATTRIBUTE} message attribute); 0 when absent. */
    static int handBacks(SQSEvent.SQSMessage record) {
        var attribute = record.getMessageAttributes() == null ? null : record.getMessageAttributes().get(HandBacks.ATTRIBUTE);
        try {
            return attribute == null || attribute.getStringValue() == null ? 0
                    : Math.max(0, Integer.parseInt(attribute.getStringValue().trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        SqsBatchJson.write(handle(SqsBatchJson.read(input), context), output);
    }

    /** Processes one batch; the local runner and tests call this with the event as an object. */
    public SQSBatchResponse handle(SQSEvent event, Context context) {
        // every line of the invocation carries the request id; IssuerBatch adds accountId/purchaseId per record
        try (var scope = LogContext.invocation(context == null ? null : context.getAwsRequestId())) {
            List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
            List<IssuerBatch.Message> messages = records.stream()
                    .map(r -> new IssuerBatch.Message(r.getMessageId(), r.getBody(), receiveCount(r), handBacks(r))).toList();
            TimeBudget budget = context == null ? TimeBudget.UNLIMITED : context::getRemainingTimeInMillis;
            List<SQSBatchResponse.BatchItemFailure> failures = batch.process(messages, budget).stream()
                    .map(id -> SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build()).toList();
            return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
        }
    }
}
