package hu.autoinvoice.probe;

import hu.autoinvoice.local.probe.CountingProbeMetrics;

import hu.autoinvoice.testing.MdcCapture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hu.autoinvoice.testing.TestKeys;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.account.AgentKeyVault;
import hu.autoinvoice.agent.AgentAction;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.AgentTransport;
import hu.autoinvoice.agent.HttpAgentTransport;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.agent.AgentSimulator;
import hu.autoinvoice.local.agent.AgentSimulatorExtension;
import hu.autoinvoice.local.agent.Faults;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import hu.autoinvoice.local.aws.ResourceProvisioner;
import hu.autoinvoice.observability.LogContext;
import hu.autoinvoice.observability.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Lambda handler with the {@code events/health-probe} sample (aws-lambda-java-tests) and a fake context whose
 * remaining time runs down: a run stopped half-way continues where it stopped, every account probed exactly once.
 * Real parts: the simulator, the KMS and DynamoDB stand-ins (a fresh accounts table per test).
 */
@ExtendWith({LocalAwsExtension.class, AgentSimulatorExtension.class})
class HealthProbeHandlerTest {

    private static final String SAMPLE = "../../events/health-probe/scheduled.json";
    private static AgentSimulator simulator;

    private final AwsClients clients;
    private final AppConfig config;
    private final AccountStore store;
    private final AgentKeyVault vault;
    private final Map<AgentKey, AtomicInteger> queries = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> backfills = new ConcurrentHashMap<>();
    private final String run = UUID.randomUUID().toString().substring(0, 6);

    HealthProbeHandlerTest(AwsClients clients, AppConfig shared) {
        simulator.reset();
        String table = "probe-handler-" + run;
        ResourceProvisioner.createTable(clients.dynamoDb(), Tables.accounts(table).build());
        Map<String, String> env = new HashMap<>(shared.toEnvironment());
        env.put(AppConfig.ACCOUNTS_TABLE_VAR, table);
        env.put(AppConfig.SZAMLA_AGENT_URL_VAR, simulator.url().toString());
        this.clients = clients;
        this.config = AppConfig.fromMap(env);
        this.store = new AccountStore(clients.dynamoDb(), table);
        this.vault = new AgentKeyVault(clients.kms(), config.agentKeyKmsKeyId());
    }

    @BeforeAll
    static void simulator(AgentSimulator started) {
        simulator = started; // one per class, closed after it (AgentSimulatorExtension)
    }

    @Test
    void theScheduledEventSampleRunsAProbeOverEveryAccount() throws Exception {
        ScheduledEvent event = EventLoader.loadScheduledEvent(SAMPLE);
        assertThat(event.getDetailType()).isEqualTo("Scheduled Event");
        List<AgentKey> keys = connect(5);
        simulator.putAccount(keys.getFirst().reveal(),
                AccountUpdate.none().withState(hu.autoinvoice.local.agent.AccountState.BLOCKED));

        // as the Lambda runtime calls it: the sample event's bytes in, the report's JSON out
        var out = new java.io.ByteArrayOutputStream();
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(SAMPLE))) {
            handler(ProbeSettings.defaults().withSafetyMargin(Duration.ofSeconds(2)))
                    .handleRequest(in, out, new FakeContext(60_000));
        }
        Map<String, Object> report = new com.fasterxml.jackson.databind.ObjectMapper().readValue(out.toByteArray(),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });

        assertThat(report).containsEntry("probed", 5).containsEntry("changed", 1).containsEntry("completed", true)
                .containsEntry("resumed", false).containsKeys("healthy", "inconclusive", "backfilled", "elapsedMillis");
        assertThat(report.get("healthy")).isEqualTo(4);
        assertThat(keys).allSatisfy(k -> assertThat(queries.get(k)).hasValue(1));
    }

    @Test
    void aRunStoppedHalfWayContinuesWhereItStoppedNextTime() {
        List<AgentKey> keys = connect(40);
        simulator.setFaults(Faults.none().withLatencyMs(40));
        ProbeSettings settings = ProbeSettings.defaults().withConcurrency(2).withSegments(2).withPageSize(6)
                .withSafetyMargin(Duration.ofSeconds(1));
        HealthProbeHandler handler = handler(settings);

        FakeContext shortContext = new FakeContext(1_000 + 300);
        long started = System.nanoTime();
        Map<String, Object> first = handler.run(shortContext);
        long firstMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(first).containsEntry("completed", false).containsEntry("resumed", false);
        int firstProbed = (Integer) first.get("probed");
        assertThat(firstProbed).isBetween(1, 39);
        assertThat(firstMillis).as("within the invocation's time").isLessThanOrEqualTo(shortContext.budgetMillis());

        Map<String, Object> second = handler.run(new FakeContext(120_000));
        assertThat(second).containsEntry("completed", true).containsEntry("resumed", true)
                .containsEntry("probed", 40 - firstProbed);
        assertThat(keys).allSatisfy(k -> assertThat(queries.get(k)).as("probed exactly once").hasValue(1));

        simulator.setFaults(Faults.none());
        Map<String, Object> third = handler.run(new FakeContext(120_000));
        assertThat(third).as("a completed run cleared the cursor: a fresh pass").containsEntry("resumed", false)
                .containsEntry("completed", true).containsEntry("probed", 40);
    }

    @Test
    void aRecoveryIsBackfilledOnceAcrossRuns() {
        List<AgentKey> keys = connect(3);
        Account first = store.scan(0, 1, Optional.empty(), 10).accounts().getFirst();
        store.changeStatus(first, AccountStatus.ACCOUNT_BLOCKED, "debt", Instant.now());
        HealthProbeHandler handler = handler(ProbeSettings.defaults().withSafetyMargin(Duration.ofSeconds(1)));

        handler.run(new FakeContext(60_000));
        handler.run(new FakeContext(60_000));

        assertThat(backfills).containsOnlyKeys(first.accountId());
        assertThat(backfills.get(first.accountId())).hasValue(1);
        assertThat(keys).allSatisfy(k -> assertThat(queries.get(k)).hasValue(2));
    }

    @Test
    void aRunRecordsTheUnhealthyGaugeAndDurationAndItsPerAccountLinesCarryTheAccount() {
        List<AgentKey> keys = connect(3);
        simulator.putAccount(keys.getFirst().reveal(),
                AccountUpdate.none().withState(hu.autoinvoice.local.agent.AccountState.BLOCKED));
        java.io.ByteArrayOutputStream emf = new java.io.ByteArrayOutputStream();
        ProbeRunMetrics metrics = new ProbeRunMetrics(new Metrics("Autoinvoice", HealthProbeWiring.SERVICE,
                new java.io.PrintStream(emf, true, java.nio.charset.StandardCharsets.UTF_8), Clock.systemUTC()));
        HealthProbeHandler handler = HealthProbeWiring.over(config, clients)
                .withAgent(new SzamlaAgentClient(new HttpAgentTransport(AgentHttpConfig.defaults(config.szamlaAgentUrl()))))
                .withSettings(ProbeSettings.defaults().withSafetyMargin(Duration.ofSeconds(1)))
                .withBackfill((accountId, afterRecovery) -> 0).withMetrics(metrics).handler();

        List<MdcCapture.Line> lines;
        try (MdcCapture capture = MdcCapture.open()) {
            handler.run(new FakeContext(60_000));
            lines = capture.lines();
        }

        String written = emf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(written).contains("\"UnhealthyAccounts\":1", "\"service\":\"health-probe\"", "\"ProbeDuration\":",
                "\"AccountStatusChanges\":1", "\"from\":\"HEALTHY\"", "\"to\":\"ACCOUNT_BLOCKED\"");
        assertThat(lines).filteredOn(l -> l.message().contains("status HEALTHY -> ACCOUNT_BLOCKED")).singleElement()
                .satisfies(l -> assertThat(l.mdc()).containsKey(LogContext.AWS_REQUEST_ID)
                        .containsEntry(LogContext.ACCOUNT_ID, l.message().split(" ")[1]));
        assertThat(lines).allSatisfy(l -> assertThat(l.mdc()).as(l.toString()).containsKey(LogContext.AWS_REQUEST_ID));
    }

    @Test
    void theLambdaConstructorFailsFastWithoutItsConfiguration() {
        // surefire runs without the function's environment: AppConfig names what is missing
        assertThatThrownBy(HealthProbeHandler::new).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(AppConfig.ACCOUNTS_TABLE_VAR);
    }

    private HealthProbeHandler handler(ProbeSettings settings) {
        AgentTransport http = new HttpAgentTransport(AgentHttpConfig.defaults(config.szamlaAgentUrl())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3)));
        AgentTransport counting = (key, request) -> {
            if (request.action() == AgentAction.QUERY_INVOICE) {
                queries.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            }
            return http.send(key, request);
        };
        InvoiceBackfill recording = (accountId, afterRecovery) -> {
            if (afterRecovery) { // a sweep of a healthy account runs on every probe; count the recoveries' backfills
                backfills.computeIfAbsent(accountId, id -> new AtomicInteger()).incrementAndGet();
            }
            return 0;
        };
        return HealthProbeWiring.over(config, clients).withAgent(new SzamlaAgentClient(counting)).withSettings(settings)
                .withBackfill(recording).withMetrics(new CountingProbeMetrics()).handler();
    }

    private List<AgentKey> connect(int count) {
        List<AgentKey> keys = new ArrayList<>();
        Instant since = Instant.parse("2026-11-01T10:00:00Z");
        for (int i = 0; i < count; i++) {
            String accountId = "org-handler-" + run + "-" + i;
            AgentKey key = TestKeys.agentKey("handler" + run + "n" + i);
            simulator.putAccount(key.reveal(), AccountUpdate.none());
            store.save(new Account(accountId, vault.encrypt(accountId, key), key.hint(), "fp-" + accountId, false,
                    Optional.empty(), AccountStatus.HEALTHY, "connected", since, Optional.empty(), since,
                    Optional.of(since), 0), OptionalLong.empty());
            keys.add(key);
        }
        return keys;
    }
}
