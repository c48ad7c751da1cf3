package hu.autoinvoice.connect;

import static hu.autoinvoice.connect.ConnectApiFixture.accountId;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import hu.autoinvoice.account.Account;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.local.CiRequirement;
import hu.autoinvoice.local.agent.AccountState;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.agent.Faults;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import hu.autoinvoice.testing.LogCapture;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs every route, successful and failing, with every log line of the JVM captured at DEBUG, and checks that the
 * Agent key — and its stored ciphertext — appears in no log line, no answer body and no answer header.
 */
@ExtendWith(LocalAwsExtension.class)
class NoKeyInLogsTest {

    private final AwsClients aws;
    private final AppConfig config;

    NoKeyInLogsTest(AwsClients aws, AppConfig config) {
        this.aws = aws;
        this.config = config;
        CiRequirement.vendorSchemas(); // the simulator validates every request against them
    }

    @Test
    void theKeyAndItsCiphertextNeverAppearInLogsOrAnswers() {
        try (ConnectApiFixture f = new ConnectApiFixture(aws, config, id -> {
            throw new IllegalStateException("reissue broke for " + id);
        })) {
            String account = accountId();
            String other = accountId();
            String key = f.workingKey();
            String otherKey = f.workingKey();
            List<APIGatewayV2HTTPResponse> responses = new ArrayList<>();
            List<String> lines;
            String ciphertextB64;
            String ciphertextHex;
            try (LogCapture capture = LogCapture.open()) {
                // success paths
                responses.add(f.call(ApiEvents.connect(account, key, false, null)));
                responses.add(f.call(ApiEvents.connect(account, " " + key + " ", true, "TIX")));
                responses.add(f.call(ApiEvents.forAccount(ApiEvents.GET, account)));
                Account stored = f.store.find(account).orElseThrow();
                ciphertextB64 = Base64.getEncoder().encodeToString(stored.encryptedKey().bytes());
                ciphertextHex = HexFormat.of().formatHex(stored.encryptedKey().bytes());
                // refusals: invalid, key in use, forbidden, capitals, bad prefix, e-invoice, blocked, rejected, 503, 500
                responses.add(f.call(ApiEvents.connect(other, key, false, null)));
                responses.add(f.call(ApiEvents.connect(other, key.toUpperCase(), false, null)));
                responses.add(f.call(ApiEvents.connect(other, key + " x", false, null)));
                responses.add(f.call(ApiEvents.connect(other, key, false, "TIX-/")));
                APIGatewayV2HTTPEvent unknownField = ApiEvents.connect(other, key, false, null);
                unknownField.setBody("{\"agentKey\":\"" + key + "\",\"secret\":\"" + key + "\"}");
                responses.add(f.call(unknownField));
                APIGatewayV2HTTPEvent notJson = ApiEvents.connect(other, key, false, null);
                notJson.setBody("{\"agentKey\":\"" + key + "\"");
                responses.add(f.call(notJson));
                responses.add(f.call(ApiEvents.withClaims(ApiEvents.connect(account, key, false, null),
                        Map.of("account_id", other))));
                f.simulator.putAccount(otherKey, AccountUpdate.none().withEInvoice(false));
                responses.add(f.call(ApiEvents.connect(other, otherKey, true, null)));
                responses.add(f.call(ApiEvents.connect(other, otherKey, false, "NOPE")));
                f.simulator.putAccount(otherKey, AccountUpdate.none().withState(AccountState.BLOCKED));
                responses.add(f.call(ApiEvents.connect(other, otherKey, false, null)));
                f.simulator.putAccount(otherKey, AccountUpdate.none().withState(AccountState.DELETED));
                responses.add(f.call(ApiEvents.connect(other, otherKey, false, null)));
                f.simulator.setFaults(Faults.none().withTransientRate(1.0));
                responses.add(f.call(ApiEvents.connect(other, key, false, null)));
                f.simulator.setFaults(Faults.none().withLostReplyRate(1.0));
                responses.add(f.call(ApiEvents.connect(other, key, false, null)));
                f.simulator.setFaults(Faults.none());
                responses.add(f.call(ApiEvents.forAccount(ApiEvents.REISSUE, account)));
                responses.add(f.call(ApiEvents.forAccount(ApiEvents.GET, other)));
                // disconnect, twice
                responses.add(f.call(ApiEvents.forAccount(ApiEvents.DELETE, account)));
                responses.add(f.call(ApiEvents.forAccount(ApiEvents.DELETE, account)));
                lines = capture.lines();
            }

            assertThat(responses).extracting(APIGatewayV2HTTPResponse::getStatusCode)
                    .containsExactly(200, 200, 200, 409, 400, 400, 400, 400, 400, 403, 422, 422, 422, 422, 503, 503,
                            500, 404, 204, 204);
            assertThat(lines).as("the sweep must see the handler's own log lines").isNotEmpty()
                    .anySatisfy(l -> assertThat(l).contains("ConnectApiHandler"));
            for (String secret : List.of(key, key.toUpperCase(), otherKey, ciphertextB64, ciphertextHex)) {
                assertThat(lines).noneSatisfy(l -> assertThat(l).contains(secret));
                for (APIGatewayV2HTTPResponse r : responses) {
                    assertThat(String.valueOf(r.getBody())).doesNotContain(secret);
                    assertThat(String.valueOf(r.getHeaders())).doesNotContain(secret);
                }
            }
        }
    }
}
