package hu.autoinvoice.local.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import hu.autoinvoice.local.aws.FakeEventBridge.Failure;
import hu.autoinvoice.local.aws.FakeEventBridge.RecordedEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.EventBus;
import software.amazon.awssdk.services.eventbridge.model.InternalException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

/** The EventBridge stand-in driven by the real SDK client, over the wire. */
class FakeEventBridgeTest {

    private static final String REGION = "eu-central-1";
    private static final String ACCOUNT = "000000000000";
    private static final String BUS_ARN_PREFIX = "arn:aws:events:" + REGION + ":" + ACCOUNT + ":event-bus/";

    private static FakeEventBridge events;
    private static AwsJsonServer server;
    private static EventBridgeClient client;

    @BeforeAll
    static void start() throws Exception {
        events = new FakeEventBridge(REGION, ACCOUNT);
        server = AwsJsonServer.start(0, List.of(events));
        client = client(AwsRetryStrategy.doNotRetry(), new AtomicInteger());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @BeforeEach
    void reset() {
        events.failNextPuts(0, Failure.REQUEST);
        events.clearRecorded();
    }

    private static EventBridgeClient client(RetryStrategy retries, AtomicInteger attempts) {
        ExecutionInterceptor countAttempts = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                attempts.incrementAndGet();
            }
        };
        return EventBridgeClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(retries).addExecutionInterceptor(countAttempts))
                .build();
    }

    private static PutEventsRequestEntry entry(String detail) {
        return PutEventsRequestEntry.builder().source("hu.autoinvoice.test").detailType("Test").detail(detail).build();
    }

    private static String newBus() {
        String name = "bus-" + UUID.randomUUID();
        client.createEventBus(b -> b.name(name));
        return name;
    }

    @Test
    void putOfTwoEntriesRecordsBothInOrder() {
        String bus = newBus();
        Instant time = Instant.parse("2026-03-01T10:15:30.250Z");
        Instant before = Instant.now();

        PutEventsResponse response = client.putEvents(b -> b.entries(
                PutEventsRequestEntry.builder().source("hu.autoinvoice.issuer").detailType("InvoiceIssued")
                        .detail("{\"purchaseId\":\"p-1\"}").build(),
                PutEventsRequestEntry.builder().source("hu.autoinvoice.ledger").detailType("InvoicePaid")
                        .detail("{\"purchaseId\":\"p-2\",\"amount\":1270}").eventBusName(BUS_ARN_PREFIX + bus)
                        .time(time).resources("arn:aws:dynamodb:eu-central-1:000000000000:table/ledger").build()));
        Instant after = Instant.now();

        assertThat(response.failedEntryCount()).isZero();
        List<String> ids = response.entries().stream().map(PutEventsResultEntry::eventId).toList();
        assertThat(ids).hasSize(2).doesNotContainNull().doesNotHaveDuplicates();
        List<RecordedEvent> recorded = events.recorded();
        assertThat(recorded).hasSize(2);
        assertThat(recorded.get(0)).usingRecursiveComparison().ignoringFields("time").isEqualTo(new RecordedEvent(
                ids.get(0), "default", "hu.autoinvoice.issuer", "InvoiceIssued", "{\"purchaseId\":\"p-1\"}", null, List.of()));
        assertThat(recorded.get(0).time()).isBetween(before, after);
        assertThat(recorded.get(1)).isEqualTo(new RecordedEvent(ids.get(1), bus, "hu.autoinvoice.ledger", "InvoicePaid",
                "{\"purchaseId\":\"p-2\",\"amount\":1270}", time,
                List.of("arn:aws:dynamodb:eu-central-1:000000000000:table/ledger")));
    }

    @Test
    void recordedIsACopyAndClearForgets() {
        client.putEvents(b -> b.entries(entry("{}")));
        List<RecordedEvent> copy = events.recorded();

        events.clearRecorded();

        assertThat(copy).hasSize(1);
        assertThat(events.recorded()).isEmpty();
    }

    @Test
    void tenEntriesAreAcceptedElevenAreRefused() {
        List<PutEventsRequestEntry> eleven = IntStream.range(0, 11).mapToObj(i -> entry("{\"i\":" + i + "}")).toList();

        assertThatThrownBy(() -> client.putEvents(b -> b.entries(eleven)))
                .isInstanceOfSatisfying(EventBridgeException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith("1 validation error detected: ")
                            .contains("at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10");
                });
        assertThat(events.recorded()).isEmpty();

        assertThat(client.putEvents(b -> b.entries(eleven.subList(0, 10))).failedEntryCount()).isZero();
        assertThat(events.recorded()).extracting(RecordedEvent::detail).containsExactly(
                IntStream.range(0, 10).mapToObj(i -> "{\"i\":" + i + "}").toArray(String[]::new));
    }

    @Test
    void totalEntrySizeIsLimitedTo256KiB() {
        // Source (1) + DetailType (1) + Detail: {"a":"..."} (8 + n) = 262,144 bytes at most; Time counts 14
        String atLimit = "{\"a\":\"" + "x".repeat(256 * 1024 - 10) + "\"}";
        PutEventsRequestEntry fits = PutEventsRequestEntry.builder().source("s").detailType("t").detail(atLimit).build();

        assertThat(client.putEvents(b -> b.entries(fits)).failedEntryCount()).isZero();
        assertThatThrownBy(() -> client.putEvents(b -> b.entries(fits.toBuilder().time(Instant.now()).build())))
                .isInstanceOfSatisfying(EventBridgeException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Total size of the entries in the request is over the limit.");
                });
        assertThat(events.recorded()).hasSize(1);
    }

    @Test
    void aBadEntryFailsOnlyItself() {
        PutEventsResponse response = client.putEvents(b -> b.entries(
                entry("{\"n\":1}"),
                entry("[1,2]"),
                entry("not json"),
                entry("{\"n\":1} trailing"),
                PutEventsRequestEntry.builder().detailType("Test").detail("{}").build(),
                entry("{\"n\":2}")));

        assertThat(response.failedEntryCount()).isEqualTo(4);
        List<PutEventsResultEntry> results = response.entries();
        assertThat(results).hasSize(6);
        for (int bad : List.of(1, 2, 3)) {
            assertThat(results.get(bad).errorCode()).as("entry %d", bad).isEqualTo("MalformedDetail");
            assertThat(results.get(bad).errorMessage()).as("entry %d", bad).isEqualTo("Detail is malformed.");
            assertThat(results.get(bad).eventId()).as("entry %d", bad).isNull();
        }
        assertThat(results.get(4).errorCode()).isEqualTo("InvalidArgument");
        assertThat(results.get(4).errorMessage()).isEqualTo("Parameter Source is not valid. Reason: Source is a required argument.");
        assertThat(results.get(0).eventId()).isNotNull();
        assertThat(results.get(0).errorCode()).isNull();
        assertThat(results.get(5).eventId()).isNotNull();
        assertThat(events.recorded()).extracting(RecordedEvent::eventId, RecordedEvent::detail).containsExactly(
                tuple(results.get(0).eventId(), "{\"n\":1}"),
                tuple(results.get(5).eventId(), "{\"n\":2}"));
    }

    @Test
    void anUnknownBusIsAcceptedAndDroppedAsAwsDoes() {
        PutEventsResponse response = client.putEvents(b -> b.entries(
                entry("{}").toBuilder().eventBusName("no-such-bus").build(),
                entry("{}").toBuilder().eventBusName("arn:aws:events:eu-west-1:111111111111:event-bus/default").build()));

        assertThat(response.failedEntryCount()).isZero();
        assertThat(response.entries()).allSatisfy(result -> {
            assertThat(result.eventId()).isNotNull();
            assertThat(result.errorCode()).isNull();
        });
        assertThat(events.recorded()).isEmpty();
        assertThatThrownBy(() -> client.describeEventBus(b -> b.name("no-such-bus")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageStartingWith("Event bus no-such-bus does not exist.");
    }

    @Test
    void busesAreCreatedDescribedListedAndDeleted() {
        String name = "ops-" + UUID.randomUUID();
        String arn = client.createEventBus(b -> b.name(name).description("for ops")).eventBusArn();

        assertThat(arn).isEqualTo(BUS_ARN_PREFIX + name);
        assertThatThrownBy(() -> client.createEventBus(b -> b.name(name))).isInstanceOf(ResourceAlreadyExistsException.class);
        assertThatThrownBy(() -> client.createEventBus(b -> b.name("default"))).isInstanceOf(ResourceAlreadyExistsException.class);
        assertThat(client.describeEventBus(b -> b.name(name)).arn()).isEqualTo(arn);
        assertThat(client.describeEventBus(b -> b.name(arn)).name()).isEqualTo(name);
        assertThat(client.describeEventBus(b -> b.name(name)).description()).isEqualTo("for ops");
        assertThat(client.describeEventBus(b -> {}).arn()).isEqualTo(BUS_ARN_PREFIX + "default");
        assertThat(client.listEventBuses(b -> b.namePrefix(name)).eventBuses())
                .extracting(EventBus::name, EventBus::arn).containsExactly(tuple(name, arn));
        assertThat(client.listEventBuses(b -> {}).eventBuses()).extracting(EventBus::name).contains("default", name);

        var firstPage = client.listEventBuses(b -> b.limit(1));
        assertThat(firstPage.eventBuses()).hasSize(1);
        assertThat(firstPage.nextToken()).isNotNull();
        var secondPage = client.listEventBuses(b -> b.limit(1).nextToken(firstPage.nextToken()));
        assertThat(secondPage.eventBuses()).hasSize(1);
        assertThat(secondPage.eventBuses().get(0).name()).isGreaterThan(firstPage.eventBuses().get(0).name());

        client.deleteEventBus(b -> b.name(name));

        assertThatThrownBy(() -> client.describeEventBus(b -> b.name(name)))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageStartingWith("Event bus " + name + " does not exist.");
        assertThat(client.listEventBuses(b -> {}).eventBuses()).extracting(EventBus::name).contains("default").doesNotContain(name);
        assertThatThrownBy(() -> client.deleteEventBus(b -> b.name("default")))
                .isInstanceOfSatisfying(EventBridgeException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Cannot delete event bus default.");
                });
        assertThat(client.describeEventBus(b -> b.name("default")).name()).isEqualTo("default");
    }

    @Test
    void anInjectedRequestFailureIsA500ThatTheClientThrowsOrRetries() {
        events.failNextPuts(1, Failure.REQUEST);

        assertThatThrownBy(() -> client.putEvents(b -> b.entries(entry("{\"try\":1}"))))
                .isInstanceOfSatisfying(InternalException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
        assertThat(events.recorded()).isEmpty();
        assertThat(client.putEvents(b -> b.entries(entry("{\"try\":2}"))).failedEntryCount()).isZero();
        assertThat(events.recorded()).extracting(RecordedEvent::detail).containsExactly("{\"try\":2}");

        events.clearRecorded();
        AtomicInteger attempts = new AtomicInteger();
        try (EventBridgeClient retrying = client(AwsRetryStrategy.standardRetryStrategy(), attempts)) {
            events.failNextPuts(1, Failure.REQUEST);

            assertThat(retrying.putEvents(b -> b.entries(entry("{\"try\":3}"))).failedEntryCount()).isZero();
        }
        assertThat(attempts).hasValue(2);
        assertThat(events.recorded()).extracting(RecordedEvent::detail).containsExactly("{\"try\":3}");
    }

    @Test
    void anInjectedEntryFailureShowsInFailedEntryCountAndIsNotRecorded() {
        events.failNextPuts(1, Failure.ENTRY);

        PutEventsResponse response = client.putEvents(b -> b.entries(entry("{\"n\":1}"), entry("{\"n\":2}")));

        assertThat(response.failedEntryCount()).isEqualTo(1);
        assertThat(response.entries().get(0).errorCode()).isEqualTo("InternalFailure");
        assertThat(response.entries().get(0).eventId()).isNull();
        assertThat(response.entries().get(1).eventId()).isNotNull();
        assertThat(events.recorded()).extracting(RecordedEvent::eventId, RecordedEvent::detail)
                .containsExactly(tuple(response.entries().get(1).eventId(), "{\"n\":2}"));

        assertThat(client.putEvents(b -> b.entries(entry("{\"n\":1}"))).failedEntryCount()).isZero();
        assertThat(events.recorded()).hasSize(2);
    }

    @Test
    void failuresCanBeCancelled() {
        events.failNextPuts(3, Failure.REQUEST);
        events.failNextPuts(0, Failure.REQUEST);

        assertThat(client.putEvents(b -> b.entries(entry("{}"))).failedEntryCount()).isZero();
        assertThat(events.recorded()).hasSize(1);
    }
}
