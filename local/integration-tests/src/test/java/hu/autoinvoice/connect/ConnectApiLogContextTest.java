package hu.autoinvoice.connect;

import hu.autoinvoice.testing.MdcCapture;
import static hu.autoinvoice.connect.ConnectApiFixture.accountId;
import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import hu.autoinvoice.observability.LogContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

/** Every log line of a connect API request carries the request id and the account id; nothing stays behind. */
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
}
