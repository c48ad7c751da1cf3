package hu.autoinvoice.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerOptionsTest {

    @Test
    void defaultsAreTheDocumentedPorts() {
        assertThat(RunnerOptions.parse(new String[0], Map.of())).isEqualTo(new RunnerOptions(9324, 8000, 8070, 8090, 8080, 60));
    }

    @Test
    void argumentsOverrideEnvironmentOverridesDefaults() {
        RunnerOptions options = RunnerOptions.parse(new String[] {"--kms-port=18070"},
                Map.of("AUTOINVOICE_SQS_PORT", "19324", "AUTOINVOICE_KMS_PORT", "28070"));

        assertThat(options).isEqualTo(new RunnerOptions(19324, 8000, 18070, 8090, 8080, 60));
        assertThat(options.localAwsConfig().kmsPort()).isEqualTo(18070);
    }

    @Test
    void theConnectApiPortIsConfigurableLikeTheOthers() {
        assertThat(RunnerOptions.parse(new String[] {"--api-port=18080"}, Map.of("AUTOINVOICE_API_PORT", "28080")).apiPort())
                .isEqualTo(18080);
        assertThat(RunnerOptions.parse(new String[0], Map.of("AUTOINVOICE_API_PORT", "28080")).apiPort()).isEqualTo(28080);
        assertThat(RunnerOptions.USAGE).contains("--api-port");
    }

    @Test
    void badInputIsRefusedWithUsage() {
        assertThatThrownBy(() -> RunnerOptions.parse(new String[] {"--sqs-port=x"}, Map.of()))
                .hasMessageContaining("--sqs-port").hasMessageContaining("Usage");
        assertThatThrownBy(() -> RunnerOptions.parse(new String[] {"--simulator-port=1"}, Map.of()))
                .hasMessageContaining("Unknown argument");
        assertThatThrownBy(() -> RunnerOptions.parse(new String[0], Map.of("AUTOINVOICE_DYNAMODB_PORT", "70000")))
                .hasMessageContaining("AUTOINVOICE_DYNAMODB_PORT");
    }

    @Test
    void theProbeIntervalComesFromEnvironmentOrArgumentAndZeroMeansNever() {
        assertThat(RunnerOptions.parse(new String[0], Map.of()).probeIntervalSeconds()).isEqualTo(60);
        assertThat(RunnerOptions.parse(new String[0], Map.of("AUTOINVOICE_PROBE_INTERVAL_SECONDS", "5"))
                .probeIntervalSeconds()).isEqualTo(5);
        assertThat(RunnerOptions.parse(new String[] {"--probe-interval=0"},
                Map.of("AUTOINVOICE_PROBE_INTERVAL_SECONDS", "5")).probeIntervalSeconds()).isZero();
        assertThatThrownBy(() -> RunnerOptions.parse(new String[] {"--probe-interval=-1"}, Map.of()))
                .hasMessageContaining("--probe-interval").hasMessageContaining("Usage");
    }
}
