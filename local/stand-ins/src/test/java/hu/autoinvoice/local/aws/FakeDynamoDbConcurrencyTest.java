package hu.autoinvoice.local.aws;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.aws.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** {@link FakeDynamoDb}'s conditional writes are atomic per item: concurrent increments of one item lose nothing. */
class FakeDynamoDbConcurrencyTest {

    private static final String TABLE = "counters";
    private static final int THREADS = 16;
    /** Optimistic increments cost O(threads) retries each: fewer racers keep the test quick and still racing. */
    private static final int OPTIMISTIC_THREADS = 8;
    private static final int INCREMENTS = 10;

    private static AwsJsonServer server;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void start() throws Exception {
        server = AwsJsonServer.start(0, List.of(new FakeDynamoDb("eu-central-1", "000000000000")));
        dynamo = DynamoDbClient.builder().endpointOverride(server.endpoint()).region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        dynamo.createTable(Tables.accounts(TABLE).build());
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        server.close();
    }

    @Test
    void optimisticIncrementsOfOneItemLoseNoUpdate() throws Exception {
        Map<String, AttributeValue> key = Map.of(Tables.ACCOUNT_ID, AttributeValue.fromS("optimistic"));
        dynamo.putItem(b -> b.tableName(TABLE).item(Map.of(Tables.ACCOUNT_ID, AttributeValue.fromS("optimistic"),
                "version", AttributeValue.fromN("0"))));
        AtomicInteger conflicts = new AtomicInteger();
        runConcurrently(OPTIMISTIC_THREADS, () -> {
            for (int i = 0; i < INCREMENTS; i++) {
                while (true) {
                    String seen = dynamo.getItem(b -> b.tableName(TABLE).key(key).consistentRead(true)).item().get("version").n();
                    try {
                        dynamo.updateItem(b -> b.tableName(TABLE).key(key)
                                .updateExpression("SET #v = :next").conditionExpression("#v = :seen")
                                .expressionAttributeNames(Map.of("#v", "version"))
                                .expressionAttributeValues(Map.of(":seen", AttributeValue.fromN(seen),
                                        ":next", AttributeValue.fromN(Long.toString(Long.parseLong(seen) + 1)))));
                        break;
                    } catch (ConditionalCheckFailedException raced) {
                        conflicts.incrementAndGet();
                    }
                }
            }
        });

        assertThat(dynamo.getItem(b -> b.tableName(TABLE).key(key).consistentRead(true)).item().get("version").n())
                .isEqualTo(Integer.toString(OPTIMISTIC_THREADS * INCREMENTS));
        assertThat(conflicts.get()).as("the threads really raced").isPositive();
    }

    @Test
    void conditionalAddsRespectTheirLimitUnderContention() throws Exception {
        // like InvoiceLedger.recordSend: ADD sends :one only while sends < :max
        Map<String, AttributeValue> key = Map.of(Tables.ACCOUNT_ID, AttributeValue.fromS("bounded"));
        int max = THREADS * INCREMENTS / 2;
        AtomicInteger granted = new AtomicInteger();
        runConcurrently(THREADS, () -> {
            for (int i = 0; i < INCREMENTS; i++) {
                try {
                    dynamo.updateItem(b -> b.tableName(TABLE).key(key).updateExpression("ADD sends :one")
                            .conditionExpression("attribute_not_exists(sends) OR sends < :max")
                            .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                                    ":max", AttributeValue.fromN(Integer.toString(max)))));
                    granted.incrementAndGet();
                } catch (ConditionalCheckFailedException full) {
                    // over the limit
                }
            }
        });

        assertThat(granted.get()).isEqualTo(max);
        assertThat(dynamo.getItem(b -> b.tableName(TABLE).key(key)).item().get("sends").n()).isEqualTo(Integer.toString(max));
    }

    private static void runConcurrently(int count, Runnable work) throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(count)) {
            for (int t = 0; t < count; t++) {
                futures.add(threads.submit(work));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
    }
}
