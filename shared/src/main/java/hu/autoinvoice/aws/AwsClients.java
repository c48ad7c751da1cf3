package hu.autoinvoice.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS SDK clients of one function container, each built on first use and then reused (SDK clients are
 * thread-safe and expensive to build). They use the region from {@code AWS_REGION}, the lightweight
 * {@link UrlConnectionHttpClient} and the SDK's default credentials chain.
 * <p>
 * Endpoints are deliberately not configured here: the SDK itself honours {@code AWS_ENDPOINT_URL_DYNAMODB},
 * {@code AWS_ENDPOINT_URL_SQS}, {@code AWS_ENDPOINT_URL_KMS}, {@code AWS_ENDPOINT_URL_SECRETS_MANAGER},
 * {@code AWS_ENDPOINT_URL_EVENTBRIDGE} (and the system properties {@code aws.endpointUrlDynamoDb},
 * {@code aws.endpointUrlSqs}, {@code aws.endpointUrlKms}, {@code aws.endpointUrlSecretsManager},
 * {@code aws.endpointUrlEventBridge}), which is how the local runner points the unchanged code at the stand-ins.
 * <p>
 * Handlers take an {@code AwsClients} in their constructor; the Lambda no-arg constructor passes {@link #shared()},
 * tests pass {@link #of} with clients aimed at the stand-ins.
 */
public final class AwsClients implements AutoCloseable {

    /**
     * The JDK's system property for how many idle keep-alive connections {@code HttpURLConnection} keeps per host
     * (default 5); it is read once, when the JVM first puts a finished connection back into its cache.
     */
    public static final String MAX_CONNECTIONS_PROPERTY = "http.maxConnections";

    /**
     * Idle connections kept per host (unless {@value #MAX_CONNECTIONS_PROPERTY} was set): the issuer runs a batch's 10
     * records at once, each with one DynamoDB, EventBridge or Agent call in flight, and the probe 32 accounts. With the
     * JDK's default of 5, every call beyond the fifth at once closes its connection afterwards, and the next invocation
     * opens it again — a TLS handshake to DynamoDB or to the Agent on the record's path (docs/PERFORMANCE.md,
     * "End-to-end, restated"). Both url-connection clients use this cache: the SDK's and {@code HttpAgentTransport}.
     */
    public static final int KEEP_ALIVE_CONNECTIONS = 32;

    static {
        if (System.getProperty(MAX_CONNECTIONS_PROPERTY) == null) {
            System.setProperty(MAX_CONNECTIONS_PROPERTY, Integer.toString(KEEP_ALIVE_CONNECTIONS));
        }
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(15);

    private static volatile AwsClients shared;

    private final Lazy<DynamoDbClient> dynamoDb;
    private final Lazy<SqsClient> sqs;
    private final Lazy<KmsClient> kms;
    private final Lazy<SecretsManagerClient> secretsManager;
    private final Lazy<EventBridgeClient> eventBridge;

    private AwsClients(Supplier<DynamoDbClient> dynamoDb, Supplier<SqsClient> sqs, Supplier<KmsClient> kms,
                       Supplier<SecretsManagerClient> secretsManager, Supplier<EventBridgeClient> eventBridge) {
        this.dynamoDb = new Lazy<>(dynamoDb);
        this.sqs = new Lazy<>(sqs);
        this.kms = new Lazy<>(kms);
        this.secretsManager = new Lazy<>(secretsManager);
        this.eventBridge = new Lazy<>(eventBridge);
    }

    /** The container-wide instance (region from the environment), created on first call. */
    public static AwsClients shared() {
        AwsClients result = shared;
        if (result == null) {
            synchronized (AwsClients.class) {
                result = shared;
                if (result == null) {
                    result = fromEnvironment();
                    shared = result;
                }
            }
        }
        return result;
    }

    /**
     * A new instance for the region in {@code AWS_REGION} (system property {@code aws.region} as a fallback).
     *
     * @throws IllegalStateException when neither is set
     */
    public static AwsClients fromEnvironment() {
        String region = System.getenv("AWS_REGION");
        if (region == null || region.isBlank()) {
            region = System.getProperty("aws.region");
        }
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("Missing required environment variable: AWS_REGION (Lambda sets it; locally LocalAws does)");
        }
        return forRegion(Region.of(region.trim()));
    }

    /** A new instance for the given region; clients are built lazily with the default credentials chain. */
    public static AwsClients forRegion(Region region) {
        Objects.requireNonNull(region, "region");
        return new AwsClients(
                () -> DynamoDbClient.builder().region(region).httpClientBuilder(httpClient()).build(),
                () -> SqsClient.builder().region(region).httpClientBuilder(httpClient()).build(),
                () -> KmsClient.builder().region(region).httpClientBuilder(httpClient()).build(),
                () -> SecretsManagerClient.builder().region(region).httpClientBuilder(httpClient()).build(),
                new EventBridgeOnDemand(region));
    }

    /** Wraps clients built elsewhere (tests: clients aimed at the stand-ins). {@link #close()} closes them. */
    public static AwsClients of(DynamoDbClient dynamoDb, SqsClient sqs, KmsClient kms, SecretsManagerClient secretsManager,
            EventBridgeClient eventBridge) {
        Objects.requireNonNull(dynamoDb, "dynamoDb");
        Objects.requireNonNull(sqs, "sqs");
        Objects.requireNonNull(kms, "kms");
        Objects.requireNonNull(secretsManager, "secretsManager");
        Objects.requireNonNull(eventBridge, "eventBridge");
        return new AwsClients(() -> dynamoDb, () -> sqs, () -> kms, () -> secretsManager, () -> eventBridge);
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    public SqsClient sqs() {
        return sqs.get();
    }

    public KmsClient kms() {
        return kms.get();
    }

    public SecretsManagerClient secretsManager() {
        return secretsManager.get();
    }

    public EventBridgeClient eventBridge() {
        return eventBridge.get();
    }

    /** Closes the clients built so far. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (Lazy<? extends AutoCloseable> lazy : List.of(dynamoDb, sqs, kms, secretsManager, eventBridge)) {
            try {
                lazy.closeIfBuilt();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static UrlConnectionHttpClient.Builder httpClient() {
        return UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(SOCKET_TIMEOUT);
    }

    /**
     * Builds the EventBridge client. A class, not a lambda: a lambda's creation resolves its return type, and the
     * connect API's jar leaves the EventBridge client out (it publishes nothing and never asks for it).
     */
    private static final class EventBridgeOnDemand implements Supplier<EventBridgeClient> {
        private final Region region;

        EventBridgeOnDemand(Region region) {
            this.region = region;
        }

        @Override
        public EventBridgeClient get() {
            return EventBridgeClient.builder().region(region).httpClientBuilder(httpClient()).build();
        }
    }

    /** Thread-safe memoizing holder. */
    private static final class Lazy<T extends AutoCloseable> {
        private final Supplier<T> factory;
        private volatile T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        T get() {
            T result = value;
            if (result == null) {
                synchronized (this) {
                    result = value;
                    if (result == null) {
                        result = Objects.requireNonNull(factory.get(), "client factory returned null");
                        value = result;
                    }
                }
            }
            return result;
        }

        synchronized void closeIfBuilt() {
            T built = value;
            if (built != null) {
                try {
                    built.close();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("Closing an AWS client failed", e);
                }
            }
        }
    }
}
