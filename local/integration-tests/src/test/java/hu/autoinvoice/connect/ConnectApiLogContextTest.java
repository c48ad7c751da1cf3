package hu.autoinvoice.connect;

import hu.autoinvoice.testing.LogCapture;
import hu.autoinvoice.testing.MdcCapture;
import static hu.autoinvoice.connect.ConnectApiFixture.accountId;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import hu.autoinvoice.observability.LogContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

/**
 * Every log line of a connect API request carries the request id and the account id; nothing stays behind. A path
 * parameter is the caller's text until validated: a log line names an account only by a valid id, so a newline or a
 * control character in the path cannot forge or break a line.
 */
@ExtendWith(LocalAwsExtension.class)
class ConnectApiLogContextTest {

    private final AwsClients aws;
    private final AppConfig config;

    ConnectApiLogContextTest(AwsClients aws, AppConfig config) {
        this.aws = aws;
        this.config = config;
    }

    @Test
    void linesOfARequestCarryTheRequestIdAndTheAccount() {
        try (ConnectApiFixture f = new ConnectApiFixture(aws, config, id -> 0)) {
            String account = accountId();
            try (MdcCapture capture = MdcCapture.open()) {
                assertThat(f.call(ApiEvents.connect(account, f.workingKey(), false, null)).getStatusCode()).isEqualTo(200);
                assertThat(f.call(ApiEvents.forAccount(ApiEvents.GET, account)).getStatusCode()).isEqualTo(200);

                assertThat(capture.lines()).isNotEmpty().allSatisfy(line -> {
                    assertThat(line.mdc()).as(line.toString()).containsEntry(LogContext.ACCOUNT_ID, account)
                            .containsKey(LogContext.AWS_REQUEST_ID);
                });
                assertThat(capture.lines()).anySatisfy(line -> assertThat(line.logger()).endsWith("ConnectApiHandler"));
            }
            assertThat(MDC.getCopyOfContextMap()).as("cleared after the request").isNullOrEmpty();
        }
    }

    @Test
    void anIdWithANewlineOrControlCharactersIsNeverLogged() {
        try (ConnectApiFixture f = new ConnectApiFixture(aws, config, id -> 0)) {
            String forged = "x\n{\"level\":\"INFO\",\"message\":\"FORGED admin login\"}";
            List<String> ids = List.of(forged, "y\r\nFORGED\u0000\u001b[31m", "FORGED\u2028line", "z\tFORGED");
            try (LogCapture capture = LogCapture.open()) {
                for (String id : ids) {
                    for (String sample : ApiEvents.ALL) {
                        APIGatewayV2HTTPEvent event = ApiEvents.forAccount(sample, id);
                        assertThat(f.call(event).getStatusCode()).as("%s %s", sample, id).isEqualTo(400);
                    }
                    // the same through the path alone (a $default route: the handler decodes the raw path's %0A)
                    APIGatewayV2HTTPEvent raw = ApiEvents.forAccount(ApiEvents.GET, "placeholder");
                    raw.setRouteKey("$default");
                    raw.setPathParameters(null);
                    raw.setRawPath("/accounts/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20") + "/szamlazz");
                    assertThat(f.call(raw).getStatusCode()).isEqualTo(400);
                }
                List<String> handlerLines = capture.lines().stream().filter(l -> l.startsWith(ConnectApiHandler.class.getName())).toList();
                assertThat(handlerLines).as("the requests were logged").hasSizeGreaterThanOrEqualTo(ids.size() * (ApiEvents.ALL.size() + 1))
                        .allSatisfy(line -> assertThat(line).contains("(invalid id)"));
                assertThat(capture.lines()).noneSatisfy(line -> assertThat(line).contains("FORGED"));
                assertThat(capture.lines()).noneSatisfy(line -> assertThat(line).containsAnyOf("\u0000", "\u001b", "\u2028"));
            }
        }
    }
}
