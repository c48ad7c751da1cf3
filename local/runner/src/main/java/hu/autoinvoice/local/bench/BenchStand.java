package hu.autoinvoice.local.bench;

import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.AgentTransport;
import hu.autoinvoice.agent.HttpAgentTransport;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.issuer.InvoiceIssuerHandler;
import hu.autoinvoice.issuer.InvoiceIssuerWiring;
import hu.autoinvoice.issuer.IssuerObserver;
import hu.autoinvoice.local.LocalHttpServers;
import hu.autoinvoice.local.agent.AgentSimulator;
import hu.autoinvoice.local.agent.Faults;
import hu.autoinvoice.local.aws.LocalAws;
import hu.autoinvoice.local.aws.LocalAwsConfig;
import hu.autoinvoice.local.aws.QueuePair;
import hu.autoinvoice.local.runner.IssuerFixtures;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * What every benchmark runs on: the local AWS stand-ins, the Számla Agent simulator, and SDK clients aimed at the
 * stand-ins that count every call ({@link AwsCallCounter} registered as an execution interceptor on each client).
 * Benchmarks use private queues and fresh ids, so one stand (e.g. the test suite's shared one) can serve several runs.
 */
public final class BenchStand implements AutoCloseable {

    private final LocalAws ownedAws;
    private final AgentSimulator simulator;
    private final boolean ownsSimulator;
    private final AwsClients clients;
    private final AppConfig baseConfig;
    private final AwsCallCounter awsCalls = new AwsCallCounter();
    private final Map<String, String> environment;
    private final LocalAwsConfig.DynamoDbBackend dynamoDbBackend;
    private final boolean standInsOnPlatformThreads;

    private BenchStand(LocalAws aws, boolean ownsAws, AgentSimulator simulator, boolean ownsSimulator,
            boolean standInsOnPlatformThreads) {
        this.standInsOnPlatformThreads = standInsOnPlatformThreads;
        this.ownedAws = ownsAws ? aws : null;
        this.simulator = simulator;
        this.ownsSimulator = ownsSimulator;
        this.clients = AwsClients.of(
                aws.dynamoDbClientBuilder().overrideConfiguration(o -> o.addExecutionInterceptor(awsCalls)).build(),
                aws.sqsClientBuilder().overrideConfiguration(o -> o.addExecutionInterceptor(awsCalls)).build(),
                aws.kmsClientBuilder().overrideConfiguration(o -> o.addExecutionInterceptor(awsCalls)).build(),
                aws.secretsManagerClientBuilder().overrideConfiguration(o -> o.addExecutionInterceptor(awsCalls)).build(),
                aws.eventBridgeClientBuilder().overrideConfiguration(o -> o.addExecutionInterceptor(awsCalls)).build());
        this.baseConfig = aws.appConfig();
        this.environment = Map.copyOf(aws.environment());
        this.dynamoDbBackend = aws.config().dynamoDbBackend();
    }

    /** Which DynamoDB stand-in this stand runs on. */
    public LocalAwsConfig.DynamoDbBackend dynamoDbBackend() {
        return dynamoDbBackend;
    }

    /**
     * Whether this stand started every stand-in itself with their servers on platform threads
     * ({@link LocalHttpServers#PLATFORM_THREADS}, as {@code make bench} does): then the only virtual threads are the
     * issuer's, and the carriers' CPU time is the issuer's ({@link ThreadCpu}).
     */
    public boolean standInsOnPlatformThreads() {
        return standInsOnPlatformThreads;
    }

    /** Starts its own stand-ins and simulator (the {@code make bench} entry), DynamoDB as {@link LocalAwsConfig#defaults()} chooses. */
    public static BenchStand start() throws IOException {
        return start(LocalAwsConfig.defaults().dynamoDbBackend());
    }

    /** Starts its own stand-ins, with the given DynamoDB stand-in, and simulator. */
    public static BenchStand start(LocalAwsConfig.DynamoDbBackend dynamoDb) throws IOException {
        boolean platformThreads = LocalHttpServers.platformThreads();
        LocalAws aws = LocalAws.start(LocalAwsConfig.defaults().withDynamoDbBackend(dynamoDb));
        try {
            aws.createResources();
            return new BenchStand(aws, true, AgentSimulator.start(0), true, platformThreads);
        } catch (RuntimeException e) {
            aws.close();
            throw e;
        }
    }

    /** On running stand-ins (tests); starts a private simulator. {@link #close()} leaves {@code aws} running. */
    public static BenchStand on(LocalAws aws) {
        aws.createResources();
        return new BenchStand(aws, false, AgentSimulator.start(0), true, false);
    }

    public AwsClients clients() {
        return clients;
    }

    public AgentSimulator simulator() {
        return simulator;
    }

    /** The environment a function process gets on these stand-ins (region, credentials, endpoints, configuration). */
    public Map<String, String> environment() {
        return environment;
    }

    public AwsCallCounter awsCalls() {
        return awsCalls;
    }

    /** The application configuration with a fresh private queue pair and the simulator's URL. */
    public AppConfig freshQueues(Duration visibilityTimeout) {
        QueuePair queues = IssuerFixtures.queues(clients, "bench-" + UUID.randomUUID().toString().substring(0, 8),
                visibilityTimeout, 10);
        return IssuerFixtures.withQueues(baseConfig, queues, simulator);
    }

    /** The queue ARN of {@code config}'s queue (the poller puts it on its records). */
    public String queueArn(AppConfig config) {
        return clients.sqs().getQueueAttributes(b -> b.queueUrl(config.invoiceQueueUrl())
                .attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
    }

    /** Sets the simulator's answer latency (no other faults). */
    public void latency(long millis) {
        simulator.setFaults(Faults.none().withLatencyMs(millis));
    }

    /** Connects {@code count} HEALTHY accounts (keys known to the simulator), a few at a time; returns their ids. */
    public List<String> connectAccounts(AppConfig config, String prefix, int count) throws Exception {
        Semaphore permits = new Semaphore(8);
        List<Future<String>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                String id = prefix + "-a" + i;
                futures.add(threads.submit(() -> {
                    permits.acquire();
                    try {
                        AgentKey ignored = IssuerFixtures.connect(clients, config, simulator, id, false);
                        return id;
                    } finally {
                        permits.release();
                    }
                }));
            }
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : futures) {
            ids.add(f.get());
        }
        return ids;
    }

    /**
     * The real invoice-issuer handler, wired like the Lambda composition root ({@link InvoiceIssuerWiring})
     * with the production Agent HTTP settings and issuer settings, over a counting transport to the simulator.
     */
    public InvoiceIssuerHandler issuerHandler(AppConfig config, CountingAgentTransport transport) {
        return issuerHandler(config, transport, IssuerObserver.NONE);
    }

    /** The same, over any transport and with an observer of the issuer. */
    public InvoiceIssuerHandler issuerHandler(AppConfig config, AgentTransport transport, IssuerObserver observer) {
        return InvoiceIssuerWiring.over(config, clients).withAgent(new SzamlaAgentClient(transport))
                .withObserver(observer).handler();
    }

    /** A counting transport over real HTTP to the simulator with the production timeouts. */
    public CountingAgentTransport countingTransport() {
        return new CountingAgentTransport(new HttpAgentTransport(AgentHttpConfig.defaults(simulator.url())));
    }

    @Override
    public void close() {
        simulator.setFaults(Faults.none());
        try {
            clients.close();
        } finally {
            if (ownsSimulator) {
                simulator.close();
            }
            if (ownedAws != null) {
                ownedAws.close();
            }
        }
    }
}
