package hu.autoinvoice.probe;

import hu.autoinvoice.local.probe.CountingProbeMetrics;

import hu.autoinvoice.aws.TimeBudget;
import hu.autoinvoice.testing.TestKeys;
import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.account.AccountWrite;
import hu.autoinvoice.account.AgentKeyVault;
import hu.autoinvoice.agent.AgentAction;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.AgentRequest;
import hu.autoinvoice.agent.AgentTransport;
import hu.autoinvoice.agent.HttpAgentTransport;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.agent.TransportOutcome;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.agent.AgentSimulator;
import hu.autoinvoice.local.aws.ResourceProvisioner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A probe over real parts: its own fresh accounts table in the shared dynalite (so counts are exact), the shared
 * KMS stand-in, a simulator, and an Agent transport that counts requests per key and action.
 */
final class ProbeFixture {

    final AwsClients clients;
    final String table = "probe-test-" + UUID.randomUUID().toString().substring(0, 8);
    final AccountStore store;
    final AgentKeyVault vault;
    final AgentSimulator simulator;
    final CountingTransport transport;
    final CountingProbeMetrics metrics = new CountingProbeMetrics();
    final Map<String, AtomicInteger> backfills = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> sweeps = new ConcurrentHashMap<>();
    volatile InvoiceBackfill backfill = this::recordBackfill;
    private final AtomicInteger sequence = new AtomicInteger();
    private final String run = UUID.randomUUID().toString().substring(0, 6);

    ProbeFixture(AwsClients clients, AppConfig config, AgentSimulator simulator) {
        this.clients = clients;
        this.simulator = simulator;
        ResourceProvisioner.createTable(clients.dynamoDb(), Tables.accounts(table).build());
        this.store = new AccountStore(clients.dynamoDb(), table);
        this.vault = new AgentKeyVault(clients.kms(), config.agentKeyKmsKeyId());
        this.transport = new CountingTransport(new HttpAgentTransport(AgentHttpConfig.defaults(simulator.url())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3))));
    }

    HealthProbe probe(ProbeSettings settings) {
        AccountProber prober = new AccountProber(store, vault, new SzamlaAgentClient(transport),
                (accountId, afterRecovery) -> backfill.backfill(accountId, afterRecovery), PendingOutcomes.NONE, metrics, Clock.systemUTC());
        return new HealthProbe(store, new ProbeCursorStore(clients.dynamoDb(), table), prober, settings, metrics,
                Clock.systemUTC());
    }

    HealthProbe probe() {
        return probe(ProbeSettings.defaults().withSegments(2).withConcurrency(8).withSafetyMargin(Duration.ofSeconds(1)));
    }

    ProbeReport runOnce() {
        return probe().run(TimeBudget.of(Duration.ofMinutes(2)));
    }

    /** A connected account whose key the simulator knows; its current healthy period is already backfilled. */
    Connected connect(AccountStatus status, boolean eInvoice, Optional<String> prefix, AccountUpdate simulatorState) {
        int n = sequence.incrementAndGet();
        String accountId = "org-probe-" + run + "-" + n;
        AgentKey key = TestKeys.agentKey("probe" + run + "x" + n);
        simulator.putAccount(key.reveal(), simulatorState);
        Instant since = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofDays(1));
        Account account = new Account(accountId, vault.encrypt(accountId, key), key.hint(), "fp-" + run + "-" + n,
                eInvoice, prefix, status, "connected", since, Optional.empty(), since, Optional.of(since), 0);
        written(store.save(account, OptionalLong.empty()));
        return new Connected(accountId, key);
    }

    Connected connectHealthy() {
        return connect(AccountStatus.HEALTHY, false, Optional.empty(), AccountUpdate.none());
    }

    /** As the connect API would on a reconnect: a new key, healthy since now, backfill due. */
    Connected reconnect(String accountId, AccountUpdate simulatorState) {
        Account old = account(accountId);
        AgentKey key = TestKeys.agentKey("probe" + run + "r" + sequence.incrementAndGet());
        simulator.putAccount(key.reveal(), simulatorState);
        Instant now = Instant.now();
        Account fresh = new Account(accountId, vault.encrypt(accountId, key), key.hint(), old.keyFingerprint() + "r",
                old.eInvoice(), old.invoicePrefix(), AccountStatus.HEALTHY, "reconnected", now, old.lastProbeAt(), now,
                old.backfilledSince(), old.version());
        written(store.save(fresh, OptionalLong.of(old.version())));
        return new Connected(accountId, key);
    }

    Account account(String accountId) {
        return store.find(accountId).orElseThrow();
    }

    int backfillsOf(String accountId) {
        AtomicInteger count = backfills.get(accountId);
        return count == null ? 0 : count.get();
    }

    /** Counts the backfills after a recovery per account, and every call (recovery or sweep) in {@link #sweeps}. */
    private int recordBackfill(String accountId, boolean afterRecovery) {
        if (afterRecovery) {
            backfills.computeIfAbsent(accountId, id -> new AtomicInteger()).incrementAndGet();
        }
        sweeps.computeIfAbsent(accountId, id -> new AtomicInteger()).incrementAndGet();
        return 0;
    }

    private static Account written(AccountWrite write) {
        if (write instanceof AccountWrite.Written w) {
            return w.account();
        }
        throw new IllegalStateException("setup write conflicted: " + write);
    }

    /** An account id with its plaintext key (test side only). */
    record Connected(String accountId, AgentKey key) {}

    /** Counts every request per key and action; an optional hook runs before a request is sent. */
    static final class CountingTransport implements AgentTransport {
        private final AgentTransport delegate;
        private final Map<AgentKey, Map<AgentAction, AtomicInteger>> counts = new ConcurrentHashMap<>();
        volatile BiConsumer<AgentKey, AgentRequest> beforeSend = (k, r) -> {};

        CountingTransport(AgentTransport delegate) {
            this.delegate = delegate;
        }

        @Override
        public TransportOutcome send(AgentKey key, AgentRequest request) {
            counts.computeIfAbsent(key, k -> new ConcurrentHashMap<>())
                    .computeIfAbsent(request.action(), a -> new AtomicInteger()).incrementAndGet();
            beforeSend.accept(key, request);
            return delegate.send(key, request);
        }

        int count(AgentKey key, AgentAction action) {
            AtomicInteger c = counts.getOrDefault(key, Map.of()).get(action);
            return c == null ? 0 : c.get();
        }

        int total(AgentAction action) {
            return counts.values().stream().mapToInt(m -> m.getOrDefault(action, new AtomicInteger()).get()).sum();
        }

        List<AgentKey> keys() {
            return List.copyOf(counts.keySet());
        }
    }
}
