package hu.autoinvoice.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * The functions' JSON log lines ({@link JsonLogProvider}, the SLF4J backend of every Lambda jar): one JSON object per
 * line with timestamp, level, logger, message, exception and the MDC flattened in.
 */
class JsonLogLayoutTest {

    private static JsonNode parse(String text) throws Exception {
        assertThat(text).doesNotContain("\n");
        return new ObjectMapper().readTree(text);
    }

    @Test
    void aLineCarriesTimestampLevelLoggerMessageAndTheRequestAccountAndPurchaseIds() throws Exception {
        JsonNode line = parse(JsonLogLine.format(Instant.parse("2026-11-27T18:05:11Z").toEpochMilli(), "INFO",
                "hu.autoinvoice.issuer.InvoiceIssuer", "purchase.paid ISSUED", null,
                Map.of(LogContext.AWS_REQUEST_ID, "8f5e-req", LogContext.ACCOUNT_ID, "org-42",
                        LogContext.PURCHASE_ID, "P-2026-000123")));

        assertThat(line.get("timestamp").asText()).isEqualTo("2026-11-27T18:05:11.000Z");
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("logger").asText()).isEqualTo("hu.autoinvoice.issuer.InvoiceIssuer");
        assertThat(line.get("message").asText()).isEqualTo("purchase.paid ISSUED");
        assertThat(line.get("awsRequestId").asText()).isEqualTo("8f5e-req");
        assertThat(line.get("accountId").asText()).isEqualTo("org-42");
        assertThat(line.get("purchaseId").asText()).isEqualTo("P-2026-000123");
        assertThat(line.has("exception")).isFalse();
    }

    @Test
    void anExceptionIsOneStringFieldOfTheSameLine() throws Exception {
        JsonNode line = parse(JsonLogLine.format(0, "ERROR", "hu.autoinvoice.issuer.IssuerBatch", "Record failed",
                new IllegalStateException("DynamoDB unavailable"), Map.of()));

        assertThat(line.get("level").asText()).isEqualTo("ERROR");
        assertThat(line.get("exception").isTextual()).isTrue();
        assertThat(line.get("exception").asText()).contains("IllegalStateException: DynamoDB unavailable", "at hu.autoinvoice");
    }

    @Test
    void quotesBackslashesAndControlCharactersStayInsideTheirString() throws Exception {
        String hostile = "a\"b\\c\nd\re\tf\u0001g</x>]]>\u2028é🎫";
        JsonNode line = parse(JsonLogLine.format(0, "WARN", "x", hostile, null, Map.of("accountId", hostile)));

        assertThat(line.get("message").asText()).isEqualTo(hostile);
        assertThat(line.get("accountId").asText()).isEqualTo(hostile);
    }

    @Test
    void loggersWriteTheMdcOfTheirThreadAndHonourTheLevels() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ThreadLocalMdcAdapter mdc = new ThreadLocalMdcAdapter();
        JsonLogLine out = new JsonLogLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), mdc);
        JsonLogger ours = new JsonLogger("hu.autoinvoice.connect.X", JsonLogger.threshold("INFO"), out);
        JsonLogger library = new JsonLogger("software.amazon.awssdk.Y", JsonLogger.threshold(null), out);

        mdc.put(LogContext.AWS_REQUEST_ID, "req-1");
        ours.info("{} account {} -> {}", "STATUS", "org-42", 200);
        ours.debug("not written");
        library.info("not written either");
        library.warn("library warning", new IllegalArgumentException("boom"));
        mdc.clear();
        ours.info("after the invocation");

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(3);
        JsonNode first = parse(lines[0]);
        assertThat(first.get("message").asText()).isEqualTo("STATUS account org-42 -> 200");
        assertThat(first.get("awsRequestId").asText()).isEqualTo("req-1");
        JsonNode second = parse(lines[1]);
        assertThat(second.get("level").asText()).isEqualTo("WARN");
        assertThat(second.get("exception").asText()).contains("IllegalArgumentException: boom");
        assertThat(parse(lines[2]).has("awsRequestId")).isFalse();
    }

    @Test
    void theLambdaLevelVariableNamesTheThreshold() {
        assertThat(JsonLogger.threshold("DEBUG")).isEqualTo(Level.DEBUG.toInt());
        assertThat(JsonLogger.threshold("fatal")).isEqualTo(Level.ERROR.toInt());
        assertThat(JsonLogger.threshold("")).isEqualTo(Level.WARN.toInt());
        assertThat(JsonLogger.threshold("nonsense")).isEqualTo(Level.WARN.toInt());
    }
}
