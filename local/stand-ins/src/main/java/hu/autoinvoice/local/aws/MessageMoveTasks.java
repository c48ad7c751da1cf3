package hu.autoinvoice.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeNameForSends;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * {@code StartMessageMoveTask}, {@code ListMessageMoveTasks} and {@code CancelMessageMoveTask} (SQS JSON protocol),
 * answered in front of ElasticMQ by {@link LocalSqs} because ElasticMQ 1.7.1's own versions differ from AWS:
 * <ul>
 *   <li>its task pops messages until the DLQ is empty, so a moved message that fails again and is dead-lettered back
 *       while a throttled task still runs is moved again, and again: 166 moves for 7 messages, a task that never ends;</li>
 *   <li>a cancelled task is dropped from the listing instead of staying there as {@code CANCELLED};</li>
 *   <li>a source no queue dead-letters to makes it wait for a reply that never comes: a 503 after 20 s, not AWS's
 *       immediate {@code InvalidParameterValue} "Source queue must be configured as a Dead Letter Queue.".</li>
 * </ul>
 * Here a task moves, as an SQS client of ElasticMQ, at most the messages the DLQ held when it started
 * ({@code ApproximateNumberOfMessagesToMove}), each once: receive, send to the destination (body, message attributes,
 * trace header, FIFO group and deduplication ids), delete. A message this task already moved that comes back to the
 * DLQ is left there (kept invisible until the task ends, then visible again). With {@code MaxNumberOfMessagesPerSecond}
 * it pauses 1/rate s after each message. Without {@code DestinationArn} a message goes back to the queue in its
 * {@code DeadLetterQueueSourceArn}; one sent to the DLQ directly (no such attribute) goes to the queue whose redrive
 * policy names the DLQ. The moved message is a new message (new id, receive count 0). Task handles are AWS's shape
 * (base64 of {@code {"taskId","sourceArn"}}); the 10 latest tasks of a source are listed, newest first.
 */
final class MessageMoveTasks implements AutoCloseable {

    static final Set<String> ACTIONS = Set.of("StartMessageMoveTask", "ListMessageMoveTasks", "CancelMessageMoveTask");

    private static final Logger LOG = LoggerFactory.getLogger(MessageMoveTasks.class);
    private static final Pattern ARN = Pattern.compile("arn:[^:]+:sqs:([^:]*):([^:]*):(.+)");
    private static final int KEPT_PER_SOURCE = 10;
    private static final int MAX_RATE = 500;
    private static final int MOVE_VISIBILITY_SECONDS = 60;
    private static final int HOLD_VISIBILITY_SECONDS = 12 * 60 * 60;
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);

    private final ObjectMapper json = new ObjectMapper();
    private final String region;
    private final String accountId;
    private final SqsClient sqs;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Deque<Task>> bySource = new HashMap<>(); // guarded by this, newest first
    private final Map<String, Task> byId = new HashMap<>(); // guarded by this

    /** One task; {@code moved} is written by its worker only, {@code status} under the lock of the tasks. */
    private static final class Task {
        final String id = UUID.randomUUID().toString();
        final String handle;
        final String sourceArn;
        final String sourceUrl;
        final String destinationArn; // null: back to each message's source
        final String destinationUrl;
        final String fallbackUrl; // for messages without DeadLetterQueueSourceArn
        final Integer rate;
        final long toMove;
        final long started = System.currentTimeMillis();
        final CountDownLatch cancel = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        volatile String status = "RUNNING";
        volatile long moved;
        volatile String failureReason;

        Task(String sourceArn, String sourceUrl, String destinationArn, String destinationUrl, String fallbackUrl,
                Integer rate, long toMove) {
            this.sourceArn = sourceArn;
            this.sourceUrl = sourceUrl;
            this.destinationArn = destinationArn;
            this.destinationUrl = destinationUrl;
            this.fallbackUrl = fallbackUrl;
            this.rate = rate;
            this.toMove = toMove;
            this.handle = Base64.getEncoder().encodeToString(("{\"taskId\":\"" + id + "\",\"sourceArn\":\"" + sourceArn + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }

        boolean active() {
            return status.equals("RUNNING") || status.equals("CANCELLING");
        }
    }

    /** Moves messages through ElasticMQ at {@code elasticMq} (its own endpoint, not the front). */
    MessageMoveTasks(URI elasticMq, String region, String accountId) {
        this.region = region;
        this.accountId = accountId;
        this.sqs = SqsClient.builder().endpointOverride(elasticMq).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalAws.ACCESS_KEY_ID,
                        LocalAws.SECRET_ACCESS_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** Handles one of {@link #ACTIONS}; {@code body} is the request's JSON. */
    ObjectNode handle(String action, byte[] body) throws AwsJsonError {
        JsonNode request;
        try {
            request = body.length == 0 ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            throw new AwsJsonError("SerializationException", "Request body is not JSON");
        }
        return switch (action) {
            case "StartMessageMoveTask" -> start(request);
            case "ListMessageMoveTasks" -> list(request);
            case "CancelMessageMoveTask" -> cancel(request);
            default -> throw new AwsJsonError("InvalidAction", "The action " + action + " is not valid for this endpoint.");
        };
    }

    private ObjectNode start(JsonNode request) throws AwsJsonError {
        String sourceArn = required(request, "SourceArn");
        String sourceUrl = queueUrl(sourceArn, "SourceArn");
        List<String> deadLetterSources = sqs.listDeadLetterSourceQueues(b -> b.queueUrl(sourceUrl)).queueUrls();
        if (deadLetterSources.isEmpty()) {
            throw invalidParameter("Source queue must be configured as a Dead Letter Queue.");
        }
        String destinationArn = request.hasNonNull("DestinationArn") ? request.get("DestinationArn").asText() : null;
        String destinationUrl = destinationArn == null ? null : queueUrl(destinationArn, "DestinationArn");
        Integer rate = null;
        if (request.hasNonNull("MaxNumberOfMessagesPerSecond")) {
            JsonNode value = request.get("MaxNumberOfMessagesPerSecond");
            if (!value.canConvertToInt() || value.asInt() < 1 || value.asInt() > MAX_RATE) {
                throw invalidParameter("Value " + value.asText() + " for parameter MaxNumberOfMessagesPerSecond is invalid. "
                        + "Reason: Must be between 1 and " + MAX_RATE + ".");
            }
            rate = value.asInt();
        }
        long toMove = Long.parseLong(sqs.getQueueAttributes(b -> b.queueUrl(sourceUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        Task task = new Task(sourceArn, sourceUrl, destinationArn, destinationUrl,
                deadLetterSources.stream().sorted().findFirst().orElseThrow(), rate, toMove);
        synchronized (this) {
            Deque<Task> tasks = bySource.computeIfAbsent(sourceArn, arn -> new ArrayDeque<>());
            if (tasks.stream().anyMatch(Task::active)) {
                throw invalidParameter("There is already a task running. Only one active task is allowed for a source queue arn at a given time.");
            }
            tasks.addFirst(task);
            byId.put(task.id, task);
            while (tasks.size() > KEPT_PER_SOURCE) {
                byId.remove(tasks.removeLast().id);
            }
        }
        workers.execute(() -> run(task));
        return json.createObjectNode().put("TaskHandle", task.handle);
    }

    private ObjectNode list(JsonNode request) throws AwsJsonError {
        String sourceArn = required(request, "SourceArn");
        queueUrl(sourceArn, "SourceArn");
        int max = 1;
        if (request.hasNonNull("MaxResults")) {
            JsonNode value = request.get("MaxResults");
            if (!value.canConvertToInt() || value.asInt() < 1 || value.asInt() > KEPT_PER_SOURCE) {
                throw invalidParameter("Value " + value.asText() + " for parameter MaxResults is invalid. Reason: Must be between 1 and "
                        + KEPT_PER_SOURCE + ".");
            }
            max = value.asInt();
        }
        List<Task> tasks;
        synchronized (this) {
            tasks = bySource.getOrDefault(sourceArn, new ArrayDeque<>()).stream().limit(max).toList();
        }
        ObjectNode reply = json.createObjectNode();
        ArrayNode results = reply.putArray("Results");
        for (Task task : tasks) {
            String status = task.status;
            ObjectNode entry = results.addObject()
                    .put("ApproximateNumberOfMessagesMoved", task.moved)
                    .put("ApproximateNumberOfMessagesToMove", task.toMove)
                    .put("SourceArn", task.sourceArn)
                    .put("StartedTimestamp", task.started)
                    .put("Status", status);
            if (task.destinationArn != null) {
                entry.put("DestinationArn", task.destinationArn);
            }
            if (task.rate != null) {
                entry.put("MaxNumberOfMessagesPerSecond", task.rate);
            }
            if (status.equals("RUNNING")) {
                entry.put("TaskHandle", task.handle); // AWS shows the handle of running tasks only
            }
            if (status.equals("FAILED")) {
                entry.put("FailureReason", task.failureReason);
            }
        }
        return reply;
    }

    private ObjectNode cancel(JsonNode request) throws AwsJsonError {
        String handle = required(request, "TaskHandle");
        String taskId;
        String sourceArn;
        try {
            JsonNode decoded = json.readTree(Base64.getDecoder().decode(handle));
            taskId = decoded.path("taskId").asText("");
            sourceArn = decoded.path("sourceArn").asText("");
        } catch (IOException | IllegalArgumentException e) {
            throw invalidParameter("Value for parameter TaskHandle is invalid.");
        }
        if (taskId.isEmpty() || sourceArn.isEmpty()) {
            throw invalidParameter("Value for parameter TaskHandle is invalid.");
        }
        queueUrl(sourceArn, "SourceArn");
        Task task;
        synchronized (this) {
            task = byId.get(taskId);
            if (task == null || !task.sourceArn.equals(sourceArn)) {
                throw new AwsJsonError("ResourceNotFoundException", "Task does not exist.", 404);
            }
            if (!task.status.equals("RUNNING")) {
                throw invalidParameter("Only a task in RUNNING status can be cancelled; this one is " + task.status + ".");
            }
            task.status = "CANCELLING";
            task.cancel.countDown();
        }
        try {
            task.done.await(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS); // then it is listed as CANCELLED
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return json.createObjectNode().put("ApproximateNumberOfMessagesMoved", task.moved);
    }

    private void run(Task task) {
        Set<String> movedIds = new HashSet<>();
        Map<String, String> sourceUrls = new HashMap<>();
        List<String> held = new ArrayList<>();
        String inHand = null;
        try {
            while (task.cancel.getCount() > 0 && task.moved < task.toMove) {
                List<Message> received = sqs.receiveMessage(b -> b.queueUrl(task.sourceUrl).maxNumberOfMessages(1)
                        .visibilityTimeout(MOVE_VISIBILITY_SECONDS).waitTimeSeconds(0)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
                if (received.isEmpty()) {
                    break;
                }
                Message message = received.get(0);
                inHand = message.receiptHandle();
                if (movedIds.contains(message.messageId())) {
                    // moved by this task, failed again and dead-lettered back: AWS moves a message once a task
                    String receipt = inHand;
                    sqs.changeMessageVisibility(b -> b.queueUrl(task.sourceUrl).receiptHandle(receipt)
                            .visibilityTimeout(HOLD_VISIBILITY_SECONDS));
                    held.add(inHand);
                    inHand = null;
                    continue;
                }
                movedIds.add(send(destination(task, message, sourceUrls), message));
                String receipt = inHand;
                sqs.deleteMessage(b -> b.queueUrl(task.sourceUrl).receiptHandle(receipt));
                inHand = null;
                task.moved++;
                if (task.rate != null && task.cancel.await(1_000_000_000L / task.rate, TimeUnit.NANOSECONDS)) {
                    break;
                }
            }
            synchronized (this) {
                task.status = task.status.equals("CANCELLING") ? "CANCELLED" : "COMPLETED";
            }
        } catch (QueueDoesNotExistException e) {
            fail(task, "AWS.SimpleQueueService.NonExistentQueue", e);
        } catch (AwsServiceException e) {
            fail(task, e.awsErrorDetails().errorCode(), e);
        } catch (RuntimeException e) {
            fail(task, e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            fail(task, "Interrupted", e);
            Thread.currentThread().interrupt();
        } finally {
            if (inHand != null) {
                held.add(inHand);
            }
            for (String receipt : held) {
                try {
                    sqs.changeMessageVisibility(b -> b.queueUrl(task.sourceUrl).receiptHandle(receipt).visibilityTimeout(0));
                } catch (SdkException e) {
                    LOG.warn("Could not make a message visible again in {}", task.sourceArn, e);
                }
            }
            task.done.countDown();
        }
    }

    private synchronized void fail(Task task, String reason, Exception e) {
        LOG.info("Message move task from {} failed: {}", task.sourceArn, reason, e);
        task.failureReason = reason;
        task.status = "FAILED";
    }

    private String destination(Task task, Message message, Map<String, String> sourceUrls) {
        if (task.destinationUrl != null) {
            return task.destinationUrl;
        }
        String sourceArn = message.attributes().get(MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN);
        if (sourceArn == null) {
            return task.fallbackUrl;
        }
        return sourceUrls.computeIfAbsent(sourceArn, arn -> sqs.getQueueUrl(b -> b.queueName(arn.substring(arn.lastIndexOf(':') + 1)))
                .queueUrl());
    }

    /** Sends the message's content to {@code queueUrl}; returns the new message's id. */
    private String send(String queueUrl, Message message) {
        SendMessageRequest.Builder send = SendMessageRequest.builder().queueUrl(queueUrl).messageBody(message.body())
                .messageAttributes(message.messageAttributes());
        String trace = message.attributes().get(MessageSystemAttributeName.AWS_TRACE_HEADER);
        if (trace != null) {
            send.messageSystemAttributes(Map.of(MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
                    MessageSystemAttributeValue.builder().dataType("String").stringValue(trace).build()));
        }
        String group = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
        if (group != null) {
            send.messageGroupId(group)
                    .messageDeduplicationId(message.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID));
        }
        return sqs.sendMessage(send.build()).messageId();
    }

    /** The URL of the queue {@code arn} names, else the error AWS gives for {@code parameter}. */
    private String queueUrl(String arn, String parameter) throws AwsJsonError {
        Matcher matcher = ARN.matcher(arn);
        if (!matcher.matches()) {
            throw invalidParameter("You must use this format to specify the " + parameter
                    + ": arn:<partition>:<service>:<region>:<account-id>:<resource-id>");
        }
        AwsJsonError missing = new AwsJsonError("ResourceNotFoundException",
                "The resource that you specified for the " + parameter + " parameter doesn't exist.", 404);
        if (!matcher.group(1).equals(region) || !matcher.group(2).equals(accountId)) {
            throw missing;
        }
        try {
            return sqs.getQueueUrl(b -> b.queueName(matcher.group(3))).queueUrl();
        } catch (QueueDoesNotExistException e) {
            throw missing;
        }
    }

    private static String required(JsonNode request, String field) throws AwsJsonError {
        JsonNode node = request.get(field);
        if (node == null || node.isNull() || node.asText().isEmpty()) {
            throw new AwsJsonError("MissingParameter", "The request must contain the parameter " + field + ".");
        }
        return node.asText();
    }

    private static AwsJsonError invalidParameter(String message) {
        return new AwsJsonError("InvalidParameterValue", message);
    }

    /** Cancels what still runs (its held messages become visible again), then closes the client. */
    @Override
    public void close() {
        List<Task> running;
        synchronized (this) {
            running = byId.values().stream().filter(Task::active).toList();
        }
        running.forEach(task -> task.cancel.countDown());
        for (Task task : running) {
            try {
                task.done.await(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        workers.shutdownNow();
        sqs.close();
    }
}
