package hu.autoinvoice.probe;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountWrite;
import hu.autoinvoice.agent.AgentAction;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.local.agent.AccountState;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.agent.AgentSimulator;
import hu.autoinvoice.local.agent.AgentSimulatorExtension;
import hu.autoinvoice.local.agent.Faults;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every status transition of the probe against the simulator's control API, over the real Agent client, KMS and
 * DynamoDB stand-ins; each test has its own accounts table, so the counts are exact.
 */
@ExtendWith({LocalAwsExtension.class, AgentSimulatorExtension.class})
class ProbeTransitionsTest {

    private static AgentSimulator simulator;
    private final ProbeFixture f;

    ProbeTransitionsTest(AwsClients clients, AppConfig config) {
        simulator.reset();
        this.f = new ProbeFixture(clients, config, simulator);
    }

    @BeforeAll
    static void simulator(AgentSimulator started) {
        simulator = started; // one per class, closed after it (AgentSimulatorExtension)
    }

    @Test
    void healthyToBlockedToHealthyBackfillsOnceForTheRecovery() {
        var org = f.connectHealthy();

        ProbeReport first = f.runOnce();
        Account stillHealthy = f.account(org.accountId());
        assertThat(first.probed()).isEqualTo(1);
        assertThat(first.changed()).isZero();
        assertThat(first.completed()).isTrue();
        assertThat(stillHealthy.status()).isEqualTo(AccountStatus.HEALTHY);
        assertThat(stillHealthy.lastProbeAt()).isPresent();
        assertThat(f.backfillsOf(org.accountId())).as("nothing to backfill: this healthy period was backfilled").isZero();

        simulator.putAccount(org.key().reveal(), AccountUpdate.none().withState(AccountState.BLOCKED));
        ProbeReport blocked = f.runOnce();
        Account debt = f.account(org.accountId());
        assertThat(blocked.changed()).isEqualTo(1);
        assertThat(debt.status()).isEqualTo(AccountStatus.ACCOUNT_BLOCKED);
        assertThat(debt.statusReason()).contains("136").doesNotContain(org.key().reveal());
        assertThat(debt.statusSince()).isAfter(stillHealthy.statusSince());
        assertThat(f.metrics.count(ProbeMetrics.STATUS_CHANGED, Map.of("from", "HEALTHY", "to", "ACCOUNT_BLOCKED")))
                .isEqualTo(1);

        simulator.putAccount(org.key().reveal(), AccountUpdate.none().withState(AccountState.OK));
        ProbeReport recovered = f.runOnce();
        Account healthy = f.account(org.accountId());
        assertThat(healthy.status()).isEqualTo(AccountStatus.HEALTHY);
        assertThat(recovered.changed()).isEqualTo(1);
        assertThat(recovered.backfilled()).isEqualTo(1);
        assertThat(f.backfillsOf(org.accountId())).isEqualTo(1);
        assertThat(healthy.backfilledSince()).contains(healthy.statusSince());

        ProbeReport again = f.runOnce();
        assertThat(again.backfilled()).isZero();
        assertThat(f.backfillsOf(org.accountId())).as("the marker prevents a second wave").isEqualTo(1);
        assertThat(f.transport.count(org.key(), AgentAction.QUERY_INVOICE)).as("one query per run").isEqualTo(4);
        assertThat(f.transport.count(org.key(), AgentAction.CREATE_INVOICE)).as("no preview for these statuses").isZero();
        assertThat(f.metrics.count(ProbeMetrics.STATUS_CHANGED, Map.of("from", "ACCOUNT_BLOCKED", "to", "HEALTHY")))
                .isEqualTo(1);
    }

    @Test
    void aDeletedKeyIsRejectedAndAReconnectIsBackfilledOnce() {
        var org = f.connectHealthy();
        simulator.putAccount(org.key().reveal(), AccountUpdate.none().withState(AccountState.DELETED));

        f.runOnce();
        Account rejected = f.account(org.accountId());
        assertThat(rejected.status()).isEqualTo(AccountStatus.KEY_REJECTED);
        assertThat(rejected.statusReason()).contains("code 3");

        f.runOnce();
        assertThat(f.account(org.accountId()).status()).isEqualTo(AccountStatus.KEY_REJECTED);
        assertThat(f.backfillsOf(org.accountId())).isZero();

        f.reconnect(org.accountId(), AccountUpdate.none());
        ProbeReport afterReconnect = f.runOnce();
        assertThat(afterReconnect.changed()).as("the reconnect already made it healthy").isZero();
        assertThat(afterReconnect.backfilled()).isEqualTo(1);
        assertThat(f.backfillsOf(org.accountId())).isEqualTo(1);
        f.runOnce();
        assertThat(f.backfillsOf(org.accountId())).isEqualTo(1);
        assertThat(f.account(org.accountId()).status()).isEqualTo(AccountStatus.HEALTHY);
    }

    @Test
    void aPrefixProblemIsRecheckedWithAPreviewThatCreatesNothing() {
        var org = f.connect(AccountStatus.PREFIX_INVALID, false, Optional.of("EVT"),
                AccountUpdate.none().withPrefixes(List.of("TIX")));

        ProbeReport stillBad = f.runOnce();
        assertThat(stillBad.changed()).isZero();
        assertThat(f.account(org.accountId()).status()).isEqualTo(AccountStatus.PREFIX_INVALID);
        assertThat(f.transport.count(org.key(), AgentAction.CREATE_INVOICE)).as("one preview").isEqualTo(1);

        simulator.putAccount(org.key().reveal(), AccountUpdate.none().withPrefixes(List.of("TIX", "EVT")));
        ProbeReport fixed = f.runOnce();
        assertThat(fixed.changed()).isEqualTo(1);
        assertThat(f.account(org.accountId()).status()).isEqualTo(AccountStatus.HEALTHY);
        assertThat(f.backfillsOf(org.accountId())).isEqualTo(1);
        assertThat(f.transport.count(org.key(), AgentAction.QUERY_INVOICE)).isEqualTo(2);
        assertThat(f.transport.count(org.key(), AgentAction.CREATE_INVOICE)).isEqualTo(2);
        assertThat(simulator.stats().previews()).isEqualTo(1);
        assertThat(simulator.documents()).as("previews create no document").isEmpty();

        f.runOnce();
        assertThat(f.transport.count(org.key(), AgentAction.CREATE_INVOICE)).as("healthy: no more previews").isEqualTo(2);
    }

    @Test
    void anEInvoiceProblemIsRecheckedWithAPreviewInTheAccountsForm() {
        var org = f.connect(AccountStatus.EINVOICE_NOT_ALLOWED, true, Optional.empty(),
                AccountUpdate.none().withEInvoice(false));

        f.runOnce();
        assertThat(f.account(org.accountId()).status()).isEqualTo(AccountStatus.EINVOICE_NOT_ALLOWED);

        simulator.putAccount(org.key().reveal(), AccountUpdate.none().withEInvoice(true));
        f.runOnce();
        assertThat(f.account(org.accountId()).status()).isEqualTo(AccountStatus.HEALTHY);
        assertThat(f.backfillsOf(org.accountId())).isEqualTo(1);
        assertThat(simulator.documents()).isEmpty();
    }

    @Test
    void aPreviewCanFindAnotherProblemThanTheOneRecorded() {
        var org = f.connect(AccountStatus.PREFIX_INVALID, true, Optional.of("TIX"),
                AccountUpdate.none().withEInvoice(false));

        f.runOnce();
        assertThat(f.account(org.accountId()).status()).isEqualTo(AccountStatus.EINVOICE_NOT_ALLOWED);
        assertThat(f.backfillsOf(org.accountId())).isZero();
    }

    @Test
    void transientAnswersLeaveEveryStatusAsItWasAndAreCounted() {
        var healthy = f.connectHealthy();
        var blocked = f.connect(AccountStatus.ACCOUNT_BLOCKED, false, Optional.empty(), AccountUpdate.none());
        var prefix = f.connect(AccountStatus.PREFIX_INVALID, false, Optional.of("TIX"), AccountUpdate.none());
        simulator.setFaults(Faults.none().withTransientRate(1.0));

        ProbeReport maintenance = f.runOnce();
        simulator.setFaults(Faults.none().withDownRate(1.0));
        ProbeReport down = f.runOnce();

        for (ProbeReport report : List.of(maintenance, down)) {
            assertThat(report.probed()).isEqualTo(3);
            assertThat(report.inconclusive()).isEqualTo(3);
            assertThat(report.changed()).isZero();
        }
        assertThat(f.account(healthy.accountId()).status()).isEqualTo(AccountStatus.HEALTHY);
        assertThat(f.account(blocked.accountId()).status()).isEqualTo(AccountStatus.ACCOUNT_BLOCKED);
        assertThat(f.account(prefix.accountId()).status()).isEqualTo(AccountStatus.PREFIX_INVALID);
        assertThat(f.account(blocked.accountId()).lastProbeAt()).isPresent();
        assertThat(f.metrics.total(ProbeMetrics.INCONCLUSIVE)).isEqualTo(6);
        assertThat(f.transport.total(AgentAction.CREATE_INVOICE)).as("no preview after a failed query").isZero();

        simulator.setFaults(Faults.none());
        f.runOnce();
        assertThat(f.account(blocked.accountId()).status()).isEqualTo(AccountStatus.HEALTHY);
        assertThat(f.account(prefix.accountId()).status()).isEqualTo(AccountStatus.HEALTHY);
    }

    @Test
    void disconnectedAccountsAndReservedItemsAreNotProbed() {
        var kept = f.connectHealthy();
        var gone = f.connectHealthy();
        f.store.claimFingerprint("abc123", kept.accountId());
        f.store.delete(gone.accountId());

        ProbeReport report = f.runOnce();

        assertThat(report.probed()).isEqualTo(1);
        assertThat(report.failed()).isZero();
        assertThat(simulator.stats().queries()).isEqualTo(1);
        assertThat(f.transport.count(kept.key(), AgentAction.QUERY_INVOICE)).isEqualTo(1);
        assertThat(f.transport.count(gone.key(), AgentAction.QUERY_INVOICE)).isZero();
        assertThat(f.store.find(gone.accountId())).as("no item is created for a disconnected account").isEmpty();
    }

    @Test
    void aFailedBackfillIsNotMarkedAndIsRetriedNextRun() {
        var org = f.connect(AccountStatus.ACCOUNT_BLOCKED, false, Optional.empty(), AccountUpdate.none());
        f.backfill = (accountId, afterRecovery) -> {
            throw new IllegalStateException("queue unavailable");
        };

        ProbeReport failed = f.runOnce();
        assertThat(failed.backfillFailed()).isEqualTo(1);
        assertThat(f.account(org.accountId()).status()).isEqualTo(AccountStatus.HEALTHY);
        assertThat(f.account(org.accountId()).backfillDue()).isTrue();

        f.backfill = (accountId, afterRecovery) -> {
            f.backfills.computeIfAbsent(accountId, id -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            return 3;
        };
        ProbeReport retried = f.runOnce();
        assertThat(retried.backfilled()).isEqualTo(1);
        assertThat(retried.changed()).isZero();
        assertThat(f.backfillsOf(org.accountId())).isEqualTo(1);
        assertThat(f.account(org.accountId()).backfillDue()).isFalse();
    }

    @Test
    void aConcurrentStatusWriteIsReReadAndDecidedAgain() {
        var org = f.connectHealthy();
        simulator.putAccount(org.key().reveal(), AccountUpdate.none().withState(AccountState.BLOCKED));
        AtomicBoolean once = new AtomicBoolean();
        // the issuer marks the account UNKNOWN while the probe's query is in flight
        f.transport.beforeSend = (key, request) -> {
            if (once.compareAndSet(false, true)) {
                Account read = f.account(org.accountId());
                assertThat(f.store.changeStatus(read, AccountStatus.UNKNOWN, "issuer: code 164", Instant.now()))
                        .isInstanceOf(AccountWrite.Written.class);
            }
        };

        ProbeReport report = f.runOnce();

        Account after = f.account(org.accountId());
        assertThat(after.status()).isEqualTo(AccountStatus.ACCOUNT_BLOCKED);
        assertThat(report.changed()).isEqualTo(1);
        assertThat(f.metrics.count(ProbeMetrics.STATUS_CHANGED, Map.of("from", "UNKNOWN", "to", "ACCOUNT_BLOCKED")))
                .isEqualTo(1);
        assertThat(f.metrics.total(ProbeMetrics.STATUS_CHANGED)).isEqualTo(1);
    }

    @Test
    void anAccountReconnectedWhileProbedKeepsWhatTheReconnectWrote() {
        var org = f.connectHealthy();
        simulator.putAccount(org.key().reveal(), AccountUpdate.none().withState(AccountState.DELETED));
        AtomicBoolean once = new AtomicBoolean();
        f.transport.beforeSend = (key, request) -> {
            if (once.compareAndSet(false, true)) {
                f.reconnect(org.accountId(), AccountUpdate.none());
            }
        };

        ProbeReport report = f.runOnce();

        assertThat(report.skipped()).isEqualTo(1);
        assertThat(report.changed()).isZero();
        assertThat(f.account(org.accountId()).status()).as("the old key's refusal is not applied to the new key")
                .isEqualTo(AccountStatus.HEALTHY);
    }
}
