package hu.autoinvoice.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppConfigTest {

    private static Map<String, String> complete() {
        Map<String, String> env = new HashMap<>();
        env.put("ACCOUNTS_TABLE", "autoinvoice-accounts");
        env.put("INVOICES_TABLE", "autoinvoice-invoices");
        env.put("INVOICE_QUEUE_URL", "http://127.0.0.1:9324/000000000000/invoice-requests");
        env.put("INVOICE_DLQ_URL", "http://127.0.0.1:9324/000000000000/invoice-requests-dlq");
        env.put("AGENT_KEY_KMS_KEY_ID", "alias/autoinvoice-agent-keys");
        env.put("FINGERPRINT_PEPPER_SECRET_ID", "autoinvoice/fingerprint-pepper");
        env.put("OUTCOME_EVENT_BUS", "autoinvoice-outcomes");
        return env;
    }

    @Test
    void readsEveryVariableAndDefaultsTheAgentUrl() {
        AppConfig config = AppConfig.fromMap(complete());

        assertThat(config.accountsTable()).isEqualTo("autoinvoice-accounts");
        assertThat(config.invoicesTable()).isEqualTo("autoinvoice-invoices");
        assertThat(config.invoiceQueueUrl()).endsWith("/invoice-requests");
        assertThat(config.invoiceDlqUrl()).endsWith("/invoice-requests-dlq");
        assertThat(config.agentKeyKmsKeyId()).isEqualTo("alias/autoinvoice-agent-keys");
        assertThat(config.fingerprintPepperSecretId()).isEqualTo("autoinvoice/fingerprint-pepper");
        assertThat(config.outcomeEventBus()).isEqualTo("autoinvoice-outcomes");
        assertThat(config.szamlaAgentUrl()).isEqualTo(URI.create("https://www.szamlazz.hu/szamla/"));
    }

    @Test
    void explicitAgentUrlWins() {
        Map<String, String> env = complete();
        env.put("SZAMLA_AGENT_URL", "http://127.0.0.1:8090/szamla/");

        assertThat(AppConfig.fromMap(env).szamlaAgentUrl()).isEqualTo(URI.create("http://127.0.0.1:8090/szamla/"));
    }

    @Test
    void missingVariablesAreNamed() {
        Map<String, String> env = complete();
        env.remove("INVOICE_DLQ_URL");
        env.put("AGENT_KEY_KMS_KEY_ID", "  ");

        assertThatThrownBy(() -> AppConfig.fromMap(env))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("INVOICE_DLQ_URL")
                .hasMessageContaining("AGENT_KEY_KMS_KEY_ID")
                .hasMessageNotContaining("ACCOUNTS_TABLE");
    }

    @Test
    void plainHttpIsRefusedExceptToTheLocalSimulator() {
        Map<String, String> env = complete();
        env.put("SZAMLA_AGENT_URL", "http://www.szamlazz.hu/szamla/");
        assertThatThrownBy(() -> AppConfig.fromMap(env)).hasMessageContaining("https://");
        env.put("SZAMLA_AGENT_URL", "http://localhost:8090/szamla/");
        assertThat(AppConfig.fromMap(env).szamlaAgentUrl().getHost()).isEqualTo("localhost");
        env.put("SZAMLA_AGENT_URL", "http://127.0.0.1.example.org/szamla/");
        assertThatThrownBy(() -> AppConfig.fromMap(env)).hasMessageContaining("https://");
    }

    @Test
    void relativeAgentUrlIsRejected() {
        Map<String, String> env = complete();
        env.put("SZAMLA_AGENT_URL", "szamla/");

        assertThatThrownBy(() -> AppConfig.fromMap(env)).hasMessageContaining("SZAMLA_AGENT_URL");
    }

    @Test
    void environmentRoundTrips() {
        Map<String, String> env = complete();
        env.put("SZAMLA_AGENT_URL", "http://127.0.0.1:8090/szamla/");
        AppConfig config = AppConfig.fromMap(env);

        assertThat(config.toEnvironment()).containsExactlyInAnyOrderEntriesOf(env);
        assertThat(AppConfig.fromMap(config.toEnvironment())).isEqualTo(config);
    }
}
