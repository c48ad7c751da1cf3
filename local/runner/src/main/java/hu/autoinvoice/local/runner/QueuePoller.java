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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Polls a queue like the Lambda SQS event source mapping with ReportBatchItemFailures: receives up to 10 messages,
 * invokes the real handler with an {@link SQSEvent}, deletes the acknowledged ones and leaves reported failures (or
 * the whole batch, if the handler throws) to become visible again after the visibility timeout — so the queue's
 * redrive policy (maxReceiveCount → DLQ) applies as in AWS. {@link #pollOnce} does one round in sequence (tests);
 * {@link #start} overlaps receiving and deleting with the invocations, as the mapping's pollers do.
 */
public final class QueuePoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueuePoller.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final ExecutorService deletes = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("queue-poller-delete").daemon().factory());
    private volatile boolean running;
    private Thread thread;
    private Thread receiver;
    private BlockingQueue<List<Message>> ready;

    public QueuePoller(SqsClient sqs, String queueUrl, String queueArn, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.queueArn = Objects.requireNonNull(queueArn, "queueArn");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** One receive → invoke → delete round; returns how many messages were received. */
    public int pollOnce(int waitSeconds) {
        List<Message> received = receive(waitSeconds);
        if (!received.isEmpty()) {
            delete(received, invoke(received));
        }
        return received.size();
    }

    /**
     * Polls on background threads until {@link #close()}, as the event source mapping's pollers do: the next batch is
     * received while the handler works on this one, and the acknowledged messages are deleted after the invocation
     * without holding up the next — one invocation at a time, so one poller is one unit of concurrency.
     */
    public synchronized QueuePoller start() {
        running = true;
        ready = new ArrayBlockingQueue<>(1);
        receiver = Thread.ofPlatform().name("queue-poller-receive").daemon().start(() -> {
            while (running) {
                try {
                    List<Message> batch = receive(1);
                    while (!batch.isEmpty() && !ready.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                        if (!running) {
                            release(batch); // closing: hand the prefetched batch back at once
                            break;
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (running) {
                        LOG.warn("Receiving failed: {}", e.toString());
                    }
                }
            }
        });
        thread = Thread.ofPlatform().name("queue-poller").daemon().start(() -> {
            while (running) {
                try {
                    List<Message> batch = ready.poll(100, TimeUnit.MILLISECONDS);
                    if (batch != null) {
                        Set<String> failed = invoke(batch);
                        deletes.execute(() -> delete(batch, failed));
                    }
                } catch (InterruptedException e) {
                    return;
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
        for (Thread t : new Thread[] {thread, receiver}) {
            if (t != null) {
                try {
                    t.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        deletes.close(); // waits for the deletes already handed over
        List<Message> left = ready == null ? null : ready.poll();
        if (left != null) {
            release(left);
        }
    }

    private List<Message> receive(int waitSeconds) {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(waitSeconds).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
    }

    /** Invokes the handler; the ids to keep (reported failures, or every message if the handler threw). */
    private Set<String> invoke(List<Message> received) {
        SQSEvent event = new SQSEvent();
        event.setRecords(received.stream().map(this::record).toList());
        try {
            SQSBatchResponse response = handler.handleRequest(event, new LocalContext());
            return response == null || response.getBatchItemFailures() == null ? Set.of()
                    : response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                            .collect(Collectors.toSet());
        } catch (RuntimeException e) {
            LOG.error("Handler threw; the whole batch becomes visible again", e);
            return received.stream().map(Message::messageId).collect(Collectors.toSet());
        }
    }

    private void release(List<Message> batch) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (Message m : batch) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(entries.size()))
                    .receiptHandle(m.receiptHandle()).visibilityTimeout(0).build());
        }
        sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries));
    }

    private void delete(List<Message> received, Set<String> failed) {
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
        // the message attributes as the event source mapping passes them (the issuer reads "handBacks")
        Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
        m.messageAttributes().forEach((name, value) -> {
            SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
            a.setDataType(value.dataType());
            a.setStringValue(value.stringValue());
            messageAttributes.put(name, a);
        });
        r.setMessageAttributes(messageAttributes);
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
