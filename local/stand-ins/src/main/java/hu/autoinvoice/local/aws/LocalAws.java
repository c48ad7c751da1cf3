package hu.autoinvoice.local.aws;

import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The local AWS: SQS (ElasticMQ, in this JVM), DynamoDB (dynalite, a Node child process, or {@link FakeDynamoDb} in
 * this JVM: {@link LocalAwsConfig#dynamoDbBackend()}) and KMS + Secrets Manager + EventBridge (one small server in this
 * JVM; what is put on a bus is recorded, {@link #eventBridge()}), all on
 * 127.0.0.1. The one entry point for tests and {@code make run}:
 * <pre>{@code
 * try (LocalAws aws = LocalAws.start(LocalAwsConfig.defaults())) {
 *     LocalResources resources = aws.createResources();
 *     Map<String, String> env = aws.environment();   // what a function gets: region, endpoints, AppConfig variables
 *     SqsClient sqs = aws.clients().sqs();            // real SDK clients pointed at the stand-ins
 * }
 * }</pre>
 * {@link #close()} stops everything, the dynalite process included.
 */
public final class LocalAws implements AutoCloseable {

    /** Dummy credentials; the stand-ins do not check signatures. */
    public static final String ACCESS_KEY_ID = "local";
    public static final String SECRET_ACCESS_KEY = "local";

    private static final Logger LOG = LoggerFactory.getLogger(LocalAws.class);

    private final LocalAwsConfig config;
    private final Endpoints endpoints;
    private final Deque<AutoCloseable> running;
    private final Dynalite dynalite; // null with the in-JVM DynamoDB
    private final FakeEventBridge eventBridge;
    private AwsClients clients;
    private LocalResources resources;
    private boolean closed;

    private LocalAws(LocalAwsConfig config, Endpoints endpoints, Deque<AutoCloseable> running, Dynalite dynalite,
            FakeEventBridge eventBridge) {
        this.config = config;
        this.eventBridge = eventBridge;
        this.endpoints = endpoints;
        this.running = running;
        this.dynalite = dynalite;
    }

    /**
     * Starts every stand-in on the configured ports (0 = any free port). Whatever started is stopped again if a later
     * one fails.
     *
     * @throws IllegalStateException when a stand-in cannot start (e.g. node or dynalite missing: see
     *                               {@link NodeTools#dynalite()}, or a port in use)
     */
    public static LocalAws start(LocalAwsConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        Deque<AutoCloseable> running = new ArrayDeque<>();
        try {
            LocalSqs sqs = started(running, LocalSqs.start(config.sqsPort(), config.region(), config.accountId()));
            Dynalite dynalite = null;
            URI dynamoDb;
            if (config.dynamoDbBackend() == LocalAwsConfig.DynamoDbBackend.IN_JVM) {
                dynamoDb = started(running, AwsJsonServer.start(config.dynamoDbPort(),
                        List.of(new FakeDynamoDb(config.region(), config.accountId())))).endpoint();
            } else {
                dynalite = started(running, Dynalite.start(config.dynamoDbPort()));
                dynamoDb = dynalite.endpoint();
            }
            FakeEventBridge eventBridge = new FakeEventBridge(config.region(), config.accountId());
            AwsJsonServer kmsAndSecrets = started(running, AwsJsonServer.start(config.kmsPort(), List.of(
                    new FakeKms(config.region(), config.accountId()),
                    new FakeSecretsManager(config.region(), config.accountId()), eventBridge)));
            Endpoints endpoints = new Endpoints(sqs.endpoint(), dynamoDb, kmsAndSecrets.endpoint(), kmsAndSecrets.endpoint(),
                    kmsAndSecrets.endpoint());
            LOG.info("Local AWS stand-ins up: {}", endpoints.asMap());
            return new LocalAws(config, endpoints, running, dynalite, eventBridge);
        } catch (IOException | RuntimeException e) {
            closeAll(running, e);
            throw e;
        }
    }

    private static <T extends AutoCloseable> T started(Deque<AutoCloseable> running, T service) {
        running.push(service);
        return service;
    }

    public LocalAwsConfig config() {
        return config;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** The EventBridge stand-in: what was put on its buses ({@link FakeEventBridge#recorded()}), fault injection. */
    public FakeEventBridge eventBridge() {
        return eventBridge;
    }

    /**
     * Process id of the dynalite child (to check that it is gone after {@link #close()}); -1 with the in-JVM DynamoDB,
     * which has no process of its own.
     */
    public long dynamoDbPid() {
        return dynalite == null ? -1 : dynalite.pid();
    }

    /**
     * Creates the queue pair, both tables, the KMS key and alias, and the pepper secret (once; later calls return the
     * same resources).
     */
    public synchronized LocalResources createResources() {
        ensureOpen();
        if (resources == null) {
            resources = ResourceProvisioner.provision(clients(), config);
        }
        return resources;
    }

    /** The environment a function gets: region, dummy credentials, the SDK endpoint variables and {@link AppConfig}. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", config.region());
        env.put("AWS_DEFAULT_REGION", config.region());
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        env.putAll(endpoints.environment());
        env.putAll(appConfig().toEnvironment());
        return env;
    }

    /** The function configuration for the created resources (creating them if needed), with the real Agent URL. */
    public AppConfig appConfig() {
        return createResources().appConfig();
    }

    /** SDK clients pointed at the stand-ins, built once and closed by {@link #close()}. */
    public synchronized AwsClients clients() {
        ensureOpen();
        if (clients == null) {
            clients = AwsClients.of(dynamoDbClientBuilder().build(), sqsClientBuilder().build(),
                    kmsClientBuilder().build(), secretsManagerClientBuilder().build(), eventBridgeClientBuilder().build());
        }
        return clients;
    }

    /** A builder for an SQS client aimed at the stand-in; the caller owns the client it builds. */
    public SqsClientBuilder sqsClientBuilder() {
        return configure(SqsClient.builder(), endpoints.sqs());
    }

    /** A builder for a DynamoDB client aimed at the stand-in; the caller owns the client it builds. */
    public DynamoDbClientBuilder dynamoDbClientBuilder() {
        return configure(DynamoDbClient.builder(), endpoints.dynamoDb());
    }

    /** A builder for a KMS client aimed at the stand-in; the caller owns the client it builds. */
    public KmsClientBuilder kmsClientBuilder() {
        return configure(KmsClient.builder(), endpoints.kms());
    }

    /** A builder for a Secrets Manager client aimed at the stand-in; the caller owns the client it builds. */
    public SecretsManagerClientBuilder secretsManagerClientBuilder() {
        return configure(SecretsManagerClient.builder(), endpoints.secretsManager());
    }

    /** A builder for an EventBridge client aimed at the stand-in; the caller owns the client it builds. */
    public EventBridgeClientBuilder eventBridgeClientBuilder() {
        return configure(EventBridgeClient.builder(), endpoints.eventBridge());
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
        return builder.endpointOverride(endpoint)
                .region(Region.of(config.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
    }

    /** Stops every stand-in (in reverse start order) and closes the clients. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (clients != null) {
            running.push(clients);
        }
        closeAll(running, null);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("LocalAws is closed");
        }
    }

    private static void closeAll(Deque<AutoCloseable> running, Exception primary) {
        while (!running.isEmpty()) {
            AutoCloseable service = running.pop();
            try {
                service.close();
            } catch (Exception e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else {
                    LOG.warn("Stopping {} failed", service.getClass().getSimpleName(), e);
                }
            }
        }
    }
}
