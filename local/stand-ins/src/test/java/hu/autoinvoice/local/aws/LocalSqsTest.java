package hu.autoinvoice.local.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The SQS stand-in alone (ElasticMQ behind {@link LocalSqs}'s front, no dynalite needed), with the real SDK: the
 * message move tasks, which the front answers itself, and the pass-through of everything else. (A move task from a
 * queue that is no DLQ: {@link AwsBehaviourContract}.)
 */
class LocalSqsTest {

    private static final String REGION = "eu-central-1";
    private static final String ACCOUNT = "000000000000";
    private static final Duration AWAIT = Duration.ofSeconds(30);

    private static LocalSqs local;
    private static SqsClient sqs;

    @BeforeAll
    static void start() throws Exception {
        local = LocalSqs.start(0, REGION, ACCOUNT);
        sqs = SqsClient.builder().endpointOverride(local.endpoint()).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        local.close();
    }

    @Test
    void aThrottledMoveTaskMovesEachMessageOnceAndEndsThoughTheConsumerKeepsFailing() {
        QueuePair pair = freshQueuePair(1);
        for (int i = 1; i <= 7; i++) {
            String body = "m" + i;
            sqs.sendMessage(b -> b.queueUrl(pair.dlqUrl()).messageBody(body));
        }

        sqs.startMessageMoveTask(b -> b.sourceArn(pair.dlqArn()).maxNumberOfMessagesPerSecond(5));
        // a consumer failing every message: each goes back to the DLQ on its second receive, while the task still runs
        List<String> arrivals = new ArrayList<>();
        Instant deadline = Instant.now().plus(AWAIT);
        while (Instant.now().isBefore(deadline) && (latestTask(pair.dlqArn()).status().equals("RUNNING") || inQueue(pair.queueUrl()) > 0)) {
            for (Message message : receive(pair.queueUrl(), 0)) {
                if (message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT).equals("1")) {
                    arrivals.add(message.body());
                }
            }
        }

        ListMessageMoveTasksResultEntry task = latestTask(pair.dlqArn());
        assertThat(task.status()).isEqualTo("COMPLETED");
        assertThat(task.approximateNumberOfMessagesMoved()).isEqualTo(7L);
        assertThat(task.approximateNumberOfMessagesToMove()).isEqualTo(7L);
        assertThat(task.maxNumberOfMessagesPerSecond()).isEqualTo(5);
        assertThat(arrivals).containsExactlyInAnyOrder("m1", "m2", "m3", "m4", "m5", "m6", "m7");
        assertThat(AwsBehaviourContract.await("all 7 back in the DLQ, visible", () -> Optional.of(inQueue(pair.dlqUrl())).filter(n -> n == 7)))
                .isEqualTo(7);
        assertThat(visible(pair.dlqUrl())).isEqualTo(7);
    }

    @Test
    void messagesGoBackToTheQueueTheyWereDeadLetteredFromOrToTheGivenDestination() {
        QueuePair first = freshQueuePair(1);
        String secondName = "t-" + UUID.randomUUID().toString().substring(0, 8);
        QueuePair second = ResourceProvisioner.createQueueWithDlq(sqs, secondName, first.dlqUrl().substring(first.dlqUrl().lastIndexOf('/') + 1),
                1, Duration.ofSeconds(30));
        Map<String, MessageAttributeValue> attributes = Map.of("reason", MessageAttributeValue.builder().dataType("String").stringValue("AGENT_DOWN").build());
        sqs.sendMessage(b -> b.queueUrl(first.queueUrl()).messageBody("from-first").messageAttributes(attributes));
        sqs.sendMessage(b -> b.queueUrl(second.queueUrl()).messageBody("from-second"));
        for (QueuePair pair : List.of(first, second)) {
            makeVisible(pair.queueUrl(), AwsBehaviourContract.await("a message", () -> receive(pair.queueUrl(), 1).stream().findFirst()));
            assertThat(receive(pair.queueUrl(), 1)).as("second receive: dead-lettered").isEmpty();
        }
        AwsBehaviourContract.await("both dead-lettered", () -> Optional.of(inQueue(first.dlqUrl())).filter(n -> n == 2));

        sqs.startMessageMoveTask(b -> b.sourceArn(first.dlqArn()));
        AwsBehaviourContract.await("move task completed", () -> Optional.of(latestTask(first.dlqArn())).filter(t -> t.status().equals("COMPLETED")));

        Message back = AwsBehaviourContract.await("back in the first queue", () -> receive(first.queueUrl(), 1).stream().findFirst());
        assertThat(back.body()).isEqualTo("from-first");
        assertThat(back.messageAttributes().get("reason").stringValue()).isEqualTo("AGENT_DOWN");
        assertThat(AwsBehaviourContract.await("back in the second queue", () -> receive(second.queueUrl(), 1).stream().findFirst()).body())
                .isEqualTo("from-second");

        String customName = "t-" + UUID.randomUUID().toString().substring(0, 8);
        String customUrl = sqs.createQueue(b -> b.queueName(customName)).queueUrl();
        String customArn = "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + customName;
        sqs.sendMessage(b -> b.queueUrl(first.dlqUrl()).messageBody("to-custom"));
        sqs.startMessageMoveTask(b -> b.sourceArn(first.dlqArn()).destinationArn(customArn));
        assertThat(AwsBehaviourContract.await("in the custom queue", () -> receive(customUrl, 1).stream().findFirst()).body()).isEqualTo("to-custom");
        assertThat(latestTask(first.dlqArn()).destinationArn()).isEqualTo(customArn);
    }

    @Test
    void aCancelledTaskStopsMovingAndStaysListedAsCancelled() {
        QueuePair pair = freshQueuePair(10);
        for (int i = 1; i <= 7; i++) {
            String body = "c" + i;
            sqs.sendMessage(b -> b.queueUrl(pair.dlqUrl()).messageBody(body));
        }
        String handle = sqs.startMessageMoveTask(b -> b.sourceArn(pair.dlqArn()).maxNumberOfMessagesPerSecond(1)).taskHandle();
        ListMessageMoveTasksResultEntry running = latestTask(pair.dlqArn());
        assertThat(running.status()).isEqualTo("RUNNING");
        assertThat(running.taskHandle()).isEqualTo(handle);
        SqsException second = catchThrowableOfType(SqsException.class, () -> sqs.startMessageMoveTask(b -> b.sourceArn(pair.dlqArn())));
        assertThat(second.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(second.awsErrorDetails().errorMessage())
                .isEqualTo("There is already a task running. Only one active task is allowed for a source queue arn at a given time.");

        AwsBehaviourContract.await("a first message moved", () -> Optional.of(latestTask(pair.dlqArn())).filter(t -> t.approximateNumberOfMessagesMoved() > 0));

        long moved = sqs.cancelMessageMoveTask(b -> b.taskHandle(handle)).approximateNumberOfMessagesMoved();

        List<ListMessageMoveTasksResultEntry> listed = sqs.listMessageMoveTasks(b -> b.sourceArn(pair.dlqArn())).results();
        assertThat(listed).as("the cancelled task is still listed").hasSize(1);
        ListMessageMoveTasksResultEntry cancelled = listed.get(0);
        assertThat(cancelled.status()).isEqualTo("CANCELLED");
        assertThat(cancelled.approximateNumberOfMessagesMoved()).isEqualTo(moved).isBetween(1L, 6L);
        assertThat(cancelled.taskHandle()).as("AWS lists the handle of running tasks only").isNull();
        sleep(Duration.ofMillis(1500));
        assertThat(inQueue(pair.queueUrl())).as("nothing moved after the cancel").isEqualTo((int) moved);
        assertThat(inQueue(pair.dlqUrl())).isEqualTo(7 - (int) moved);
        SqsException again = catchThrowableOfType(SqsException.class, () -> sqs.cancelMessageMoveTask(b -> b.taskHandle(handle)));
        assertThat(again.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
    }

    @Test
    void unknownQueuesAndTasksAreResourceNotFound() {
        String missing = "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":no-such-" + UUID.randomUUID();
        QueuePair pair = freshQueuePair(10);

        assertThat(catchThrowableOfType(ResourceNotFoundException.class, () -> sqs.startMessageMoveTask(b -> b.sourceArn(missing))))
                .hasMessageContaining("The resource that you specified for the SourceArn parameter doesn't exist.");
        assertThat(catchThrowableOfType(ResourceNotFoundException.class,
                () -> sqs.startMessageMoveTask(b -> b.sourceArn(pair.dlqArn()).destinationArn(missing))))
                .hasMessageContaining("The resource that you specified for the DestinationArn parameter doesn't exist.");
        assertThat(catchThrowableOfType(ResourceNotFoundException.class, () -> sqs.listMessageMoveTasks(b -> b.sourceArn(missing))))
                .isNotNull();
        String unknownTask = java.util.Base64.getEncoder().encodeToString(("{\"taskId\":\"" + UUID.randomUUID()
                + "\",\"sourceArn\":\"" + pair.dlqArn() + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(catchThrowableOfType(ResourceNotFoundException.class, () -> sqs.cancelMessageMoveTask(b -> b.taskHandle(unknownTask))))
                .hasMessageContaining("Task does not exist.");
        assertThat(catchThrowableOfType(SqsException.class, () -> sqs.cancelMessageMoveTask(b -> b.taskHandle("foobared")))
                .awsErrorDetails().errorMessage()).isEqualTo("Value for parameter TaskHandle is invalid.");
        assertThat(catchThrowableOfType(SqsException.class, () -> sqs.listMessageMoveTasks(b -> b.sourceArn(pair.dlqArn()).maxResults(11)))
                .awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
    }

    @Test
    void everythingElseReachesElasticMqWithQueueUrlsNamingTheFront() throws Exception {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        assertThat(url).isEqualTo(local.endpoint() + "/" + ACCOUNT + "/" + name);
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("through the front"));
        assertThat(AwsBehaviourContract.await("the message", () -> receive(url, 1).stream().findFirst()).body()).isEqualTo("through the front");

        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> list = http.send(query("Action=ListQueues&QueueNamePrefix=" + name), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> move = http.send(query("Action=StartMessageMoveTask&SourceArn=x"), HttpResponse.BodyHandlers.ofString());

            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains("<QueueUrl>" + url + "</QueueUrl>");
            assertThat(move.statusCode()).isEqualTo(400);
            assertThat(move.body()).contains("<Code>InvalidAction</Code>").contains("JSON protocol only");
        }
    }

    /**
     * The checkout backend sends with {@code MessageGroupId} = account id on the standard queue (SQS fair queues). The
     * local SQS accepts it there and, like a standard queue in AWS, does not hold a group's other messages back while
     * one is in flight (no FIFO ordering): all ten of one group are received at once.
     */
    @Test
    void aStandardQueueAcceptsAMessageGroupIdAndDoesNotSerialiseTheGroup() {
        String url = sqs.createQueue(b -> b.queueName("g-" + UUID.randomUUID().toString().substring(0, 8))).queueUrl();
        for (int i = 0; i < 10; i++) {
            String body = "group-" + i;
            sqs.sendMessage(b -> b.queueUrl(url).messageBody(body).messageGroupId("organiser-1"));
        }
        sqs.sendMessageBatch(b -> b.queueUrl(url).entries(e -> e.id("x").messageBody("batched").messageGroupId("organiser-2")));

        List<Message> got = new ArrayList<>();
        Instant deadline = Instant.now().plus(AWAIT);
        while (got.size() < 11 && Instant.now().isBefore(deadline)) {
            got.addAll(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .visibilityTimeout(60)).messages());
        }
        assertThat(got).extracting(Message::body).hasSize(11).contains("group-0", "group-9", "batched");
    }

    // ---- helpers ----

    private static HttpRequest query(String form) {
        return HttpRequest.newBuilder(URI.create(local.endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private static QueuePair freshQueuePair(int maxReceiveCount) {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
        return ResourceProvisioner.createQueueWithDlq(sqs, name, name + "-dlq", maxReceiveCount, Duration.ofSeconds(30));
    }

    private static ListMessageMoveTasksResultEntry latestTask(String sourceArn) {
        return sqs.listMessageMoveTasks(b -> b.sourceArn(sourceArn)).results().get(0);
    }

    private static List<Message> receive(String queueUrl, int waitSeconds) {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds).visibilityTimeout(0)
                .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    }

    private static void makeVisible(String queueUrl, Message message) {
        sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()).visibilityTimeout(0));
    }

    /** Visible plus in-flight messages. */
    private static int inQueue(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static int visible(String queueUrl) {
        return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }
}
