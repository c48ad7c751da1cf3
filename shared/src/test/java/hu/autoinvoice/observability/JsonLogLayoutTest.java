package hu.autoinvoice.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.junit.jupiter.api.Test;

/** The functions' log4j2.xml (shared/src/main/resources, in every shaded jar): one JSON object per line. */
class JsonLogLayoutTest {

    private static Layout<?> functionLayout() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        assertThat(ctx.getConfiguration().getConfigurationSource().getLocation()).endsWith("log4j2.xml");
        Appender appender = ctx.getConfiguration().getAppender("json");
        assertThat(appender).as("the functions' log4j2.xml is the active configuration").isNotNull();
        return appender.getLayout();
    }

    private static JsonNode render(Log4jLogEvent event) throws Exception {
        String text = new String(functionLayout().toByteArray(event), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n").doesNotContain("\n{"); // one line
        return new ObjectMapper().readTree(text);
    }

    @Test
    void aLineCarriesTimestampLevelLoggerMessageAndTheRequestAccountAndPurchaseIds() throws Exception {
        SortedArrayStringMap mdc = new SortedArrayStringMap();
        mdc.putValue(LogContext.AWS_REQUEST_ID, "8f5e-req");
        mdc.putValue(LogContext.ACCOUNT_ID, "org-42");
        mdc.putValue(LogContext.PURCHASE_ID, "P-2026-000123");
        JsonNode line = render(Log4jLogEvent.newBuilder().setLoggerName("hu.autoinvoice.issuer.InvoiceIssuer")
                .setLevel(Level.INFO).setMessage(new SimpleMessage("purchase.paid ISSUED")).setTimeMillis(java.time.Instant.parse("2026-11-27T18:05:11Z").toEpochMilli())
                .setContextData(mdc).build());

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
        JsonNode line = render(Log4jLogEvent.newBuilder().setLoggerName("hu.autoinvoice.issuer.IssuerBatch")
                .setLevel(Level.ERROR).setMessage(new SimpleMessage("Record failed"))
                .setThrown(new IllegalStateException("DynamoDB unavailable")).setContextData(new SortedArrayStringMap(Map.of()))
                .build());

        assertThat(line.get("level").asText()).isEqualTo("ERROR");
        assertThat(line.get("exception").isTextual()).isTrue();
        assertThat(line.get("exception").asText()).contains("IllegalStateException: DynamoDB unavailable", "at hu.autoinvoice");
    }
}
