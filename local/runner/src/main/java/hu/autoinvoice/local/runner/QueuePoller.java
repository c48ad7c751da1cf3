package hu.autoinvoice.local.runner;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Polls a queue like the Lambda SQS event source mapping with ReportBatchItemFailures: receives up to 10 messages,
 * invokes the real handler with an {@link SQSEvent}, deletes the acknowledged ones and leaves reported failures (or
 * the whole batch, if the handler throws) to become visible again after the visibility timeout — so the queue's
 * redrive policy (maxReceiveCount → DLQ) applies as in AWS.
 */
public final class QueuePoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueuePoller.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private volatile boolean running;
    private Thread thread;

    public QueuePoller(SqsClient sqs, String queueUrl, String queueArn, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.queueArn = Objects.requireNonNull(queueArn, "queueArn");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** One receive → invoke → delete round; returns how many messages were received. */
    public int pollOnce(int waitSeconds) {
        List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(waitSeconds).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
        if (received.isEmpty()) {
            return 0;
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(received.stream().map(this::record).toList());
        Set<String> failed;
        try {
            SQSBatchResponse response = handler.handleRequest(event, new LocalContext());
            failed = response == null || response.getBatchItemFailures() == null ? Set.of()
                    : response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                            .collect(Collectors.toSet());
        } catch (RuntimeException e) {
            LOG.error("Handler threw; the whole batch becomes visible again", e);
            return received.size();
        }
        List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
        for (Message m : received) {
            if (!failed.contains(m.messageId())) {
                deletes.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(deletes.size()))
                        .receiptHandle(m.receiptHandle()).build());
            }
        }
        if (!deletes.isEmpty()) {
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(deletes));
        }
        return received.size();
    }

    /** Polls on a background thread until {@link #close()}. */
    public synchronized QueuePoller start() {
        running = true;
        thread = Thread.ofPlatform().name("queue-poller").daemon().start(() -> {
            while (running) {
                try {
                    pollOnce(1);
                } catch (RuntimeException e) {
                    if (running) {
                        LOG.warn("Polling failed: {}", e.toString());
                    }
                }
            }
        });
        return this;
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private SQSEvent.SQSMessage record(Message m) {
        SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
        r.setMessageId(m.messageId());
        r.setReceiptHandle(m.receiptHandle());
        r.setBody(m.body());
        r.setMd5OfBody(m.md5OfBody());
        r.setEventSource("aws:sqs");
        r.setEventSourceArn(queueArn);
        r.setAwsRegion("eu-central-1");
        Map<String, String> attributes = new HashMap<>();
        m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
        r.setAttributes(attributes);
        return r;
    }

    /** A minimal Lambda context for local invocations. */
    static final class LocalContext implements Context {
        private final String requestId = UUID.randomUUID().toString();

        public String getAwsRequestId() { return requestId; }
        public String getLogGroupName() { return "local"; }
        public String getLogStreamName() { return "local"; }
        public String getFunctionName() { return "InvoiceIssuerFunction"; }
        public String getFunctionVersion() { return "$LATEST"; }
        public String getInvokedFunctionArn() { return "arn:aws:lambda:eu-central-1:000000000000:function:local"; }
        public CognitoIdentity getIdentity() { return null; }
        public ClientContext getClientContext() { return null; }
        public int getRemainingTimeInMillis() { return 300_000; }
        public int getMemoryLimitInMB() { return 1024; }
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                public void log(String message) { LOG.info(message); }
                public void log(byte[] message) { LOG.info(new String(message, java.nio.charset.StandardCharsets.UTF_8)); }
            };
        }
    }
}
