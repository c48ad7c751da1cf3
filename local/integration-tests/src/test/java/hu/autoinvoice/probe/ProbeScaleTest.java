package hu.autoinvoice.probe;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.agent.AgentAction;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.local.agent.AccountState;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.agent.AgentSimulator;
import hu.autoinvoice.local.agent.AgentSimulatorExtension;
import hu.autoinvoice.local.agent.Faults;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 2,000 accounts against the simulator answering after 30 ms: runs of a fixed budget, resumed until the table is
 * done. Asserts every run ended within its budget and every account was probed exactly once; prints accounts/s
 * (informational: no assertion on speed).
 */
@ExtendWith({LocalAwsExtension.class, AgentSimulatorExtension.class})
class ProbeScaleTest {

    private static final int ACCOUNTS = 2_000;
    private static final long RUN_BUDGET_MILLIS = 8_000;
    private static AgentSimulator simulator;

    @BeforeAll
    static void simulator(AgentSimulator started) {
        simulator = started; // one per class, closed after it (AgentSimulatorExtension)
    }

    @Test
    void twoThousandAccountsAreEachProbedOnceWithinTheDeadlineOfEveryRun(AwsClients clients, AppConfig config)
            throws Exception {
        ProbeFixture f = new ProbeFixture(clients, config, simulator);
        List<ProbeFixture.Connected> accounts = connectInParallel(f);
        // every 10th account is blocked at the vendor: 200 status changes expected
        for (int i = 0; i < ACCOUNTS; i += 10) {
            simulator.putAccount(accounts.get(i).key().reveal(), AccountUpdate.none().withState(AccountState.BLOCKED));
        }
        simulator.setFaults(Faults.none().withLatencyMs(30));
        HealthProbe probe = f.probe(ProbeSettings.defaults().withConcurrency(32).withSegments(4).withPageSize(100)
                .withSafetyMargin(Duration.ofMillis(1_500)));

        List<ProbeReport> runs = new ArrayList<>();
        long totalNanos = 0;
        while (runs.isEmpty() || !runs.getLast().completed()) {
            assertThat(runs).as("the table should be done in a few runs").hasSizeLessThan(10);
            long started = System.nanoTime();
            long deadline = started + RUN_BUDGET_MILLIS * 1_000_000;
            ProbeReport report = probe.run(() -> (deadline - System.nanoTime()) / 1_000_000);
            long elapsed = System.nanoTime() - started;
            totalNanos += elapsed;
            assertThat(elapsed / 1_000_000).as("run %d stayed within its budget", runs.size() + 1)
                    .isLessThanOrEqualTo(RUN_BUDGET_MILLIS);
            runs.add(report);
        }
        simulator.setFaults(Faults.none());

        int probed = runs.stream().mapToInt(ProbeReport::probed).sum();
        double seconds = totalNanos / 1e9;
        System.out.printf("ProbeScaleTest: %d accounts in %d run(s), %.1f s, %.0f accounts/s (Agent latency 30 ms,"
                + " concurrency 32)%n", probed, runs.size(), seconds, probed / seconds);
        assertThat(probed).isEqualTo(ACCOUNTS);
        assertThat(runs.stream().mapToInt(ProbeReport::changed).sum()).isEqualTo(ACCOUNTS / 10);
        assertThat(runs.stream().mapToInt(ProbeReport::failed).sum()).isZero();
        for (ProbeFixture.Connected account : accounts) {
            assertThat(f.transport.count(account.key(), AgentAction.QUERY_INVOICE)).as(account.accountId()).isEqualTo(1);
        }
        assertThat(f.account(accounts.get(10).accountId()).status()).isEqualTo(AccountStatus.ACCOUNT_BLOCKED);
        assertThat(f.account(accounts.get(11).accountId()).status()).isEqualTo(AccountStatus.HEALTHY);
        if (runs.size() > 1) {
            assertThat(runs.subList(1, runs.size())).allSatisfy(r -> assertThat(r.resumed()).isTrue());
        }
    }

    private static List<ProbeFixture.Connected> connectInParallel(ProbeFixture f) throws Exception {
        Semaphore permits = new Semaphore(16);
        List<Future<ProbeFixture.Connected>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < ACCOUNTS; i++) {
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return f.connect(AccountStatus.HEALTHY, false, Optional.empty(), AccountUpdate.none());
                    } finally {
                        permits.release();
                    }
                }));
            }
        }
        List<ProbeFixture.Connected> result = new ArrayList<>();
        for (Future<ProbeFixture.Connected> future : futures) {
            result.add(future.get());
        }
        return result;
    }
}
