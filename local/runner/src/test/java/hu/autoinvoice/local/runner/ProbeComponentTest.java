package hu.autoinvoice.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.testing.TestKeys;
import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.account.AgentKeyVault;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.local.agent.AccountState;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import hu.autoinvoice.probe.ProbeReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The probe in {@code make run}: on its timer and on demand, against the runner's own stand-ins and simulator. */
class ProbeComponentTest {

    @BeforeAll
    static void needsDynalite() {
        LocalAwsExtension.requireDynalite();
    }

    @Test
    void probesOnItsTimerAndOnDemand() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        RunnerOptions options = RunnerOptions.ephemeralPorts().withProbeIntervalSeconds(1);
        try (LocalRunner runner = LocalRunner.start(options, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            ProbeComponent probe = runner.component(ProbeComponent.class);
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Health probe", "every 1 s");

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (probe.lastReport().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(probe.lastReport()).as("a run on the timer").hasValueSatisfying(r -> assertThat(r.completed()).isTrue());

            AwsComponent aws = runner.component(AwsComponent.class);
            var simulator = runner.component(AgentSimulatorComponent.class).simulator();
            AppConfig config = aws.resources().appConfig(simulator.url());
            AccountStore store = new AccountStore(aws.aws().clients().dynamoDb(), config.accountsTable());
            AgentKeyVault vault = new AgentKeyVault(aws.aws().clients().kms(), config.agentKeyKmsKeyId());
            AgentKey key = TestKeys.agentKey("localrunnerprobe01");
            simulator.putAccount(key.reveal(), AccountUpdate.none().withState(AccountState.BLOCKED));
            Instant since = Instant.parse("2026-11-01T10:00:00Z");
            store.save(new Account("org-local-probe", vault.encrypt("org-local-probe", key), key.hint(), "fp-local",
                    false, Optional.empty(), AccountStatus.HEALTHY, "connected", since, Optional.empty(), since,
                    Optional.of(since), 0), OptionalLong.empty());

            ProbeReport report = probe.runNow();

            assertThat(report.probed()).isEqualTo(1);
            assertThat(report.changed()).isEqualTo(1);
            assertThat(store.find("org-local-probe")).hasValueSatisfying(
                    a -> assertThat(a.status()).isEqualTo(AccountStatus.ACCOUNT_BLOCKED));
        }
    }
}
