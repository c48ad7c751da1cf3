package hu.autoinvoice.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import hu.autoinvoice.local.CiRequirement;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.agent.AgentSimulator;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import hu.autoinvoice.testing.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local HTTP front of the connect API ({@link LocalApiGateway}) under hostile requests (issue 8): another
 * tenant's token is refused on every route with nothing read or written; a body above API Gateway's payload quota is
 * refused with 413 without being read, a long one below it is read only to the front's limit and refused by the
 * function in its error shape; a malformed percent-encoding in the path or the query gets the function's JSON 400,
 * never a page of the HTTP server.
 */
class ApiFrontHardeningTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalRunner runner;
    private static URI api;
    private static AgentSimulator simulator;

    @BeforeAll
    static void start() throws Exception {
        LocalAwsExtension.requireDynalite();
        CiRequirement.vendorSchemas(); // the simulator validates every request against them
        runner = LocalRunner.start(RunnerOptions.ephemeralPorts(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        simulator = runner.component(AgentSimulatorComponent.class).simulator();
        api = runner.component(ConnectApiComponent.class).gateway().url();
    }

    @AfterAll
    static void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    private static String jwt(String accountId) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"u-" + accountId + "\",\"account_id\":\"" + accountId + "\"}")
                        .getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(api.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long agentRequests() {
        var s = simulator.stats();
        return s.creates() + s.queries() + s.stornos() + s.previews() + s.pdfs()
                + s.rejections().values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void anotherTenantsTokenIsForbiddenOnEveryRouteAndNothingIsReadOrWritten() throws Exception {
        String victim = "org-victim-" + System.nanoTime();
        String attacker = "org-attacker-" + System.nanoTime();
        String key = TestKeys.random();
        simulator.putAccount(key, AccountUpdate.none().withPrefixes(List.of("TIX")));
        String path = "accounts/" + victim + "/szamlazz";
        assertThat(send("PUT", path, jwt(victim), "{\"agentKey\":\"" + key + "\"}").statusCode()).isEqualTo(200);
        String before = send("GET", path, jwt(victim), null).body();
        long agentRequests = agentRequests();
        String otherKey = TestKeys.random();
        simulator.putAccount(otherKey, AccountUpdate.none());

        for (String[] route : List.of(new String[] {"PUT", path, "{\"agentKey\":\"" + otherKey + "\"}"},
                new String[] {"GET", path, null}, new String[] {"DELETE", path, null},
                new String[] {"POST", path + "/reissue", null})) {
            HttpResponse<String> response = send(route[0], route[1], jwt(attacker), route[2]);
            assertThat(response.statusCode()).as(route[0]).isEqualTo(403);
            assertThat(JSON.readTree(response.body()).get("code").asText()).isEqualTo("FORBIDDEN");
            assertThat(response.body()).doesNotContain(key.substring(key.length() - 4) + "\"");
        }

        assertThat(send("GET", path, jwt(victim), null).body()).as("the account is as it was").isEqualTo(before);
        assertThat(agentRequests()).as("no Agent call for the attacker").isEqualTo(agentRequests);
        // and the attacker's own path is theirs: the refusals above are about the tenant, not the token
        assertThat(send("GET", "accounts/" + attacker + "/szamlazz", jwt(attacker), null).statusCode()).isEqualTo(404);
    }

    @Test
    void aBodyAboveTheHandlersLimitButBelowTheFrontsReachesTheHandlerAndIsRefusedThere() throws Exception {
        String account = "org-big-" + System.nanoTime();
        HttpResponse<String> response = send("PUT", "accounts/" + account + "/szamlazz", jwt(account),
                "{\"agentKey\":\"" + "a".repeat(10_000) + "\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("fields").findValuesAsText("field")).containsExactly("body");
    }

    @Test
    void aDeclaredBodyAboveApiGatewaysQuotaIs413InItsShapeBeforeAnyOfItIsSent() throws IOException {
        String account = "org-huge-" + System.nanoTime();
        // 100 MB announced, not one byte of it sent: the answer can only come from the Content-Length
        String answer = exchange("PUT /accounts/" + account + "/szamlazz HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + jwt(account) + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: 104857600\r\n\r\n", new byte[0]);
        assertThat(answer).startsWith("HTTP/1.1 413").contains("content-type: application/json")
                .endsWith("\r\n\r\n" + LocalApiGateway.TOO_LARGE);
    }

    @Test
    void aBodyAboveTheFrontsLimitIsReadOnlyToItAndRefusedByTheFunctionInTheDocumentedShape() throws Exception {
        String account = "org-long-" + System.nanoTime();
        String body = "{\"agentKey\":\"" + "a".repeat(LocalApiGateway.MAX_BODY_BYTES * 2) + "\"}";
        HttpResponse<String> response = send("PUT", "accounts/" + account + "/szamlazz", jwt(account), body);
        assertValidationFailed(response, "body");
        assertThat(send("GET", "accounts/" + account + "/szamlazz", jwt(account), null).statusCode())
                .as("nothing stored").isEqualTo(404);
    }

    @Test
    void aHugeChunkedBodyIsCutAtTheLimitAndRefusedByTheFunctionInTheDocumentedShape() throws IOException {
        String account = "org-chunked-" + System.nanoTime();
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        byte[] chunk = ("{\"agentKey\":\"" + "b".repeat(8192 - 14)).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 9; i++) { // 72 KB > 64 KB, never terminated: the front stops reading at its limit
            chunks.writeBytes(("2000\r\n").getBytes(StandardCharsets.US_ASCII));
            chunks.writeBytes(chunk);
            chunks.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        String answer = exchange("PUT /accounts/" + account + "/szamlazz HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + jwt(account) + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n", chunks.toByteArray());
        assertThat(answer).startsWith("HTTP/1.1 400").contains("content-type: application/json")
                .contains("\"code\":\"VALIDATION_FAILED\"").contains("\"field\":\"body\"");
    }

    @Test
    void aMalformedPercentEncodingInThePathOrQueryGetsTheFunctionsJson400() throws Exception {
        String account = "org-escape-" + System.nanoTime();
        String token = jwt(account);
        for (String[] request : List.of(
                new String[] {"/accounts/%zz/szamlazz", "accountId"},
                new String[] {"/accounts/org%/szamlazz", "accountId"},
                new String[] {"/accounts/a|b/szamlazz", "accountId"},
                new String[] {"/accounts/" + account + "/invoices/P%G1", "purchaseId"},
                new String[] {"/accounts/" + account + "/invoices?cursor=%zz", "cursor"},
                new String[] {"/accounts/" + account + "/invoices?limit=%", "limit"},
                new String[] {"/accounts/" + account + "/invoices?state=PARKED|FAILED", "state"},
                new String[] {"/accounts/" + account + "/invoices/P-1/pdf?document=%E0%A4", "document"})) {
            String answer = exchange("GET " + request[0] + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n", new byte[0]);
            assertThat(answer).as(request[0]).startsWith("HTTP/1.1 400").contains("content-type: application/json")
                    .doesNotContain("<h1>");
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            assertThat(JSON.readTree(body).get("code").asText()).as(request[0]).isEqualTo("VALIDATION_FAILED");
            assertThat(JSON.readTree(body).get("fields").findValuesAsText("field")).as(request[0]).contains(request[1]);
        }
        // a malformed target that is no route is API Gateway's 404, still JSON
        String unknown = exchange("GET /nowhere/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", new byte[0]);
        assertThat(unknown).startsWith("HTTP/1.1 404").endsWith("\r\n\r\n" + LocalApiGateway.NOT_FOUND);
    }

    private static void assertValidationFailed(HttpResponse<String> response, String field) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        assertThat(JSON.readTree(response.body()).get("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(JSON.readTree(response.body()).get("fields").findValuesAsText("field")).containsExactly(field);
    }

    /** Raw HTTP/1.1: writes the head and {@code body}, then reads the answer (head and body, by its length). */
    private static String exchange(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                answer.write(buffer, 0, n);
                String text = answer.toString(StandardCharsets.UTF_8);
                int headEnd = text.indexOf("\r\n\r\n");
                Matcher length = Pattern.compile("(?im)^content-length: (\\d+)$").matcher(text);
                if (headEnd > 0 && length.find()
                        && answer.size() >= headEnd + 4 + Integer.parseInt(length.group(1))) {
                    break; // the whole answer
                }
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
