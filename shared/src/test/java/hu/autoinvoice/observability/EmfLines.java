package hu.autoinvoice.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A {@link Metrics} writer over a captured PrintStream, and the lines it wrote parsed back. */
final class EmfLines {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final Metrics metrics;

    EmfLines(String service) {
        metrics = new Metrics("Autoinvoice", service, new PrintStream(bytes, true, StandardCharsets.UTF_8),
                Clock.fixed(Instant.parse("2026-11-27T18:05:11Z"), ZoneOffset.UTC));
    }

    List<JsonNode> lines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(new ObjectMapper().readTree(line));
                } catch (Exception e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            }
        }
        return lines;
    }

    /** The lines of that metric, each as "Metric=value dims... unit". */
    List<String> summaries(String metric) {
        List<String> result = new ArrayList<>();
        for (JsonNode line : lines()) {
            JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
            if (!directive.at("/Metrics/0/Name").asText().equals(metric)) {
                continue;
            }
            StringBuilder s = new StringBuilder(metric).append('=').append(line.get(metric).asLong());
            for (JsonNode dim : directive.at("/Dimensions/0")) {
                s.append(' ').append(dim.asText()).append('=').append(line.get(dim.asText()).asText());
            }
            s.append(' ').append(directive.at("/Metrics/0/Unit").asText());
            result.add(s.toString());
        }
        return result;
    }
}
