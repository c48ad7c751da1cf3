package hu.autoinvoice.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Metrics metrics = new Metrics("Autoinvoice", "invoice-issuer",
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2026-11-27T18:05:11Z"), ZoneOffset.UTC));

    @Test
    void writesOneEmbeddedMetricFormatObjectPerLine() throws Exception {
        metrics.count(Metrics.AGENT_ERRORS, 1, Map.of("Code", "136"));
        metrics.milliseconds(Metrics.AGENT_LATENCY, 842, Map.of());

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines[0]);
        JsonNode directive = first.at("/_aws/CloudWatchMetrics/0");
        assertThat(first.at("/_aws/Timestamp").asLong()).isEqualTo(Instant.parse("2026-11-27T18:05:11Z").toEpochMilli());
        assertThat(directive.get("Namespace").asText()).isEqualTo("Autoinvoice");
        assertThat(directive.at("/Dimensions/0").toString()).isEqualTo("[\"service\",\"Code\"]");
        assertThat(directive.at("/Metrics/0/Name").asText()).isEqualTo("AgentErrors");
        assertThat(directive.at("/Metrics/0/Unit").asText()).isEqualTo("Count");
        assertThat(first.get("service").asText()).isEqualTo("invoice-issuer");
        assertThat(first.get("Code").asText()).isEqualTo("136");
        assertThat(first.get("AgentErrors").asLong()).isEqualTo(1);

        JsonNode second = new ObjectMapper().readTree(lines[1]);
        assertThat(second.at("/_aws/CloudWatchMetrics/0/Metrics/0/Unit").asText()).isEqualTo("Milliseconds");
        assertThat(second.at("/_aws/CloudWatchMetrics/0/Dimensions/0").toString()).isEqualTo("[\"service\"]");
        assertThat(second.get("AgentLatency").asLong()).isEqualTo(842);
    }

    @Test
    void refusesNamesCloudWatchWouldRejectAndClashingDimensions() {
        assertThatThrownBy(() -> metrics.count("bad name", 1, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.count("X", 1, Map.of("X", "1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.count("X", 1, Map.of("_aws", "1"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(bytes.size()).isZero();
    }
}
