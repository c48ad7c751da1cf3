package hu.autoinvoice.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.testing.TestKeys;
import hu.autoinvoice.local.CiRequirement;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The connect API of {@code make run} over real HTTP, with unsigned bearer JWTs. */
class ConnectApiComponentTest {

    private static final String KEY = TestKeys.key("localfront0a1b");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalRunner runner;
    private static URI api;
    private static String printed;

    @BeforeAll
    static void start() throws Exception {
        LocalAwsExtension.requireDynalite();
        CiRequirement.vendorSchemas(); // the simulator validates every request against them
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        runner = LocalRunner.start(RunnerOptions.ephemeralPorts(), new PrintStream(out, true, StandardCharsets.UTF_8));
        printed = out.toString(StandardCharsets.UTF_8);
        runner.component(AgentSimulatorComponent.class).simulator().putAccount(KEY, AccountUpdate.none().withPrefixes(List.of("TIX")));
        api = runner.component(ConnectApiComponent.class).gateway().url();
    }

    @AfterAll
    static void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    private static String jwt(String payloadJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void saysThatTheSignatureIsNotChecked() {
        assertThat(printed).contains(api.toString()).contains("NOT checked").contains("account_id");
    }

    @Test
    void anOrganisersTokenConnectsAndReadsItsAccountOverHttp() throws Exception {
        String token = jwt("{\"sub\":\"u1\",\"account_id\":\"org-local-1\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}");

        HttpResponse<String> put = send("PUT", "accounts/org-local-1/szamlazz", token,
                "{\"agentKey\":\"" + KEY + "\",\"eInvoice\":false,\"invoicePrefix\":\"TIX\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.body()).contains("\"status\":\"HEALTHY\"").contains("\"keyHint\":\"0a1b\"").doesNotContain(KEY);
        assertThat(put.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).contains("application/json"));

        HttpResponse<String> get = send("GET", "accounts/org-local-1/szamlazz", token, null);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).contains("\"invoicePrefix\":\"TIX\"");

        HttpResponse<String> otherAccount = send("GET", "accounts/org-local-2/szamlazz", token, null);
        assertThat(otherAccount.statusCode()).isEqualTo(403);

        String ops = jwt("{\"sub\":\"ops\",\"scope\":\"openid autoinvoice/ops\"}");
        assertThat(send("GET", "accounts/org-local-1/szamlazz", ops, null).statusCode()).isEqualTo(200);

        assertThat(send("DELETE", "accounts/org-local-1/szamlazz", token, null).statusCode()).isEqualTo(204);
        assertThat(send("GET", "accounts/org-local-1/szamlazz", token, null).statusCode()).isEqualTo(404);
    }

    /** As API Gateway's JWT authorizer answers (README "Errors"): 401, {@code {"message":"Unauthorized"}}, JSON. */
    @Test
    void withoutAValidBearerTokenTheAnswerIsApiGateways401() throws Exception {
        String expired = jwt("{\"account_id\":\"org-local-1\",\"exp\":" + (Instant.now().getEpochSecond() - 60) + "}");
        for (String token : java.util.Arrays.asList(null, "not-a-jwt", expired)) {
            HttpResponse<String> response = send("GET", "accounts/org-local-1/szamlazz", token, null);
            assertThat(response.statusCode()).as(token).isEqualTo(401);
            assertThat(response.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
            assertThat(response.headers().firstValue("content-type")).contains("application/json");
            assertThat(response.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(response.headers().firstValue("apigw-requestid")).isPresent();
        }
        assertThat(send("GET", "accounts/org-local-1/szamlazz", "not-a-jwt", null).headers().firstValue("www-authenticate"))
                .hasValueSatisfying(v -> assertThat(v).contains("error=\"invalid_token\""));
    }

    /** As API Gateway answers a route it does not have: 404, {@code {"message":"Not Found"}}, JSON; before any token check. */
    @Test
    void unknownRoutesAreApiGateways404AndPostLocalProbeRunsTheProbe() throws Exception {
        String token = jwt("{\"account_id\":\"org-local-1\"}");
        for (String[] route : List.of(new String[] {"GET", "accounts/org-local-1/other"}, new String[] {"PATCH", "accounts/org-local-1/szamlazz"},
                new String[] {"GET", "accounts/org-local-1/szamlazz/reissue"}, new String[] {"GET", ""})) {
            for (String caller : java.util.Arrays.asList(token, null)) {
                HttpResponse<String> response = send(route[0], route[1], caller, null);
                assertThat(response.statusCode()).as("%s %s", route[0], route[1]).isEqualTo(404);
                assertThat(response.body()).isEqualTo("{\"message\":\"Not Found\"}");
                assertThat(response.headers().firstValue("content-type")).contains("application/json");
            }
        }
        HttpResponse<String> probe = send("POST", "_local/probe", null, null);
        assertThat(probe.statusCode()).isEqualTo(200);
        assertThat(probe.body()).contains("\"probed\"", "\"completed\":true");
    }
}
