package hu.autoinvoice.connect;

import static hu.autoinvoice.connect.ConnectApiFixture.accountId;
import static hu.autoinvoice.connect.ConnectApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpServer;
import hu.autoinvoice.account.Account;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.ledger.Cause;
import hu.autoinvoice.ledger.ClaimedItem;
import hu.autoinvoice.ledger.Reason;
import hu.autoinvoice.ledger.Claim;
import hu.autoinvoice.ledger.PurchaseClaim;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.InvoiceRequeue;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.local.CiRequirement;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import hu.autoinvoice.local.aws.QueuePair;
import hu.autoinvoice.local.aws.ResourceProvisioner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The connect API's hostile-input guarantees (issue 8, security sweep), on the real handler over the stand-ins:
 * a re-issue for another tenant enqueues nothing on the real invoice queue; bodies over 4 KB are refused however
 * they are encoded; nothing in a request or in the Agent's reply changes where the Agent client sends.
 */
@ExtendWith(LocalAwsExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectApiHardeningTest {

    private final AwsClients aws;
    private final AppConfig baseConfig;
    private final ConnectApiFixture f;
    /** A server no request may ever reach: every URL an attacker offers points here. */
    private final HttpServer evil;
    private final AtomicInteger evilHits = new AtomicInteger();

    ConnectApiHardeningTest(AwsClients aws, AppConfig config) throws IOException {
        CiRequirement.vendorSchemas(); // the simulator validates every request against them
        this.aws = aws;
        this.baseConfig = config;
        this.f = new ConnectApiFixture(aws, config, id -> 0);
        this.evil = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        evil.createContext("/", ex -> {
            evilHits.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        evil.start();
    }

    @AfterAll
    void stop() {
        evil.stop(0);
        f.close();
    }

    private String evilUrl() {
        return "http://127.0.0.1:" + evil.getAddress().getPort() + "/szamla/";
    }

    @Nested
    class CrossTenantReissue {

        @Test
        void anotherTenantsReissueEnqueuesNothingAndTheOwnersEnqueuesTheParkedItem() {
            QueuePair queue = ResourceProvisioner.createQueueWithDlq(aws.sqs(), "sweep-" + UUID.randomUUID().toString().substring(0, 8),
                    "sweep-dlq-" + UUID.randomUUID().toString().substring(0, 8), 5, Duration.ofSeconds(30));
            InvoiceRequeue requeue = new InvoiceRequeue(aws.dynamoDb(), aws.sqs(), f.config.invoicesTable(), queue.queueUrl());
            ConnectApiHandler handler = ConnectApiWiring.over(f.config, aws).withReissuer(requeue::reissue).handler();
            String victim = accountId();
            assertThat(handler.handle(ApiEvents.connect(victim, f.workingKey(), false, null), null).getStatusCode()).isEqualTo(200);
            InvoiceLedger ledger = new InvoiceLedger(aws.dynamoDb(), f.config.invoicesTable());
            Instant now = Instant.now();
            Claim claim = ledger.claim(new PurchaseClaim(victim, "p-parked", "ai:" + victim + ":p-parked", "{\"parked\":true}", now, stored -> true), now, Duration.ofMinutes(1), Duration.ofMinutes(1), Optional.empty());
            String token = ((Claim.Claimed) claim).token();
            assertThat(ledger.park(new ClaimedItem(victim, "p-parked", token), new Cause(Reason.ACCOUNT_BLOCKED, "blocked"), now)).isPresent();
            LedgerEntry parked = ledger.find(victim, "p-parked").orElseThrow();
            Account account = f.store.find(victim).orElseThrow();
            Map<String, String> attacker = Map.of("sub", "u-9", "account_id", accountId());

            for (String sample : ApiEvents.ALL) {
                APIGatewayV2HTTPEvent event = ApiEvents.withClaims(ApiEvents.forAccount(sample, victim), attacker);
                if (event.getBody() != null) {
                    event.setBody(event.getBody().replaceAll("\"agentKey\":\\s*\"[a-z0-9]+\"", "\"agentKey\":\"" + f.workingKey() + "\""));
                }
                assertThat(handler.handle(event, null).getStatusCode()).as(sample).isEqualTo(403);
            }

            assertThat(receive(queue.queueUrl())).as("nothing enqueued for the attacker").isEmpty();
            assertThat(ledger.find(victim, "p-parked")).contains(parked);
            assertThat(f.store.find(victim)).contains(account);
            // the same call by the owner does enqueue: the check above could have failed
            APIGatewayV2HTTPResponse own = handler.handle(ApiEvents.forAccount(ApiEvents.REISSUE, victim), null);
            assertThat(own.getStatusCode()).isEqualTo(200);
            assertThat(json(own).get("requeued").asInt()).isEqualTo(1);
            assertThat(receive(queue.queueUrl())).containsExactly("{\"parked\":true}");
        }

        private List<String> receive(String queueUrl) {
            return aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages().stream().map(software.amazon.awssdk.services.sqs.model.Message::body).toList();
        }
    }

    @Nested
    class BodySize {

        /** A valid connect body padded with JSON whitespace to exactly {@code bytes} bytes. */
        private String bodyOf(String key, int bytes) {
            String body = "{\"agentKey\":\"" + key + "\",\"eInvoice\":false,\"invoicePrefix\":null}";
            return body.replace("}", " ".repeat(bytes - body.length()) + "}");
        }

        @Test
        void exactly4096BytesIsAcceptedAnd4097IsRefusedPlainOrBase64() {
            for (boolean base64 : List.of(false, true)) {
                String ok = accountId();
                APIGatewayV2HTTPEvent atLimit = ApiEvents.forAccount(ApiEvents.PUT, ok);
                setBody(atLimit, bodyOf(f.workingKey(), ConnectRequests.MAX_BODY_BYTES), base64);
                assertThat(f.call(atLimit).getStatusCode()).as("base64=%s", base64).isEqualTo(200);

                String refused = accountId();
                APIGatewayV2HTTPEvent over = ApiEvents.forAccount(ApiEvents.PUT, refused);
                setBody(over, bodyOf(f.workingKey(), ConnectRequests.MAX_BODY_BYTES + 1), base64);
                long agentCalls = f.agentCalls();
                assertTooLarge(f.call(over));
                assertThat(f.store.find(refused)).isEmpty();
                assertThat(f.agentCalls()).isEqualTo(agentCalls);
            }
        }

        @Test
        void theLimitCountsUtf8BytesNotCharacters() {
            APIGatewayV2HTTPEvent event = ApiEvents.forAccount(ApiEvents.PUT, accountId());
            // 2,100 characters, 4,200 bytes
            event.setBody("{\"agentKey\":\"" + "é".repeat(2100) + "\"}");
            assertTooLarge(f.call(event));
        }

        @Test
        void aHugeBase64BodyAsApiGatewaySendsItIsRefusedWithTheStableShape() {
            byte[] huge = new byte[1 << 20];
            java.util.Arrays.fill(huge, (byte) ' ');
            huge[0] = '{';
            huge[huge.length - 1] = '}';
            String refused = accountId();
            APIGatewayV2HTTPEvent event = ApiEvents.forAccount(ApiEvents.PUT, refused);
            event.setBody(Base64.getEncoder().encodeToString(huge));
            event.setIsBase64Encoded(true);
            assertTooLarge(f.call(event));
            assertThat(f.store.find(refused)).isEmpty();
        }

        private void setBody(APIGatewayV2HTTPEvent event, String body, boolean base64) {
            assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThanOrEqualTo(ConnectRequests.MAX_BODY_BYTES);
            event.setBody(base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
            event.setIsBase64Encoded(base64);
        }

        private void assertTooLarge(APIGatewayV2HTTPResponse response) {
            assertThat(response.getStatusCode()).isIn(400, 413);
            var body = json(response);
            assertThat(body.get("code").asText()).isEqualTo("VALIDATION_FAILED");
            assertThat(body.get("message").asText()).isNotBlank();
            assertThat(body.get("messageHu").asText()).isNotBlank();
            assertThat(body.get("fields").findValuesAsText("field")).containsExactly("body");
            assertThat(body.get("fields").findValuesAsText("message")).singleElement().asString().contains("4096 bytes");
        }
    }

    @Nested
    class AgentUrlFixed {

        @Test
        void urlsInTheBodyAreRefusedAndReachNobody() {
            long agentCalls = f.agentCalls();
            for (String extra : List.of(",\"szamlaAgentUrl\":\"" + evilUrl() + "\"", ",\"szamlazz_url\":\"" + evilUrl() + "\"",
                    ",\"invoicePrefix\":\"" + evilUrl() + "\"")) {
                APIGatewayV2HTTPEvent event = ApiEvents.forAccount(ApiEvents.PUT, accountId());
                event.setBody("{\"agentKey\":\"" + f.workingKey() + "\"" + extra + "}");
                APIGatewayV2HTTPResponse response = f.call(event);
                assertThat(response.getStatusCode()).as(extra).isEqualTo(400);
                assertThat(response.getBody()).doesNotContain("127.0.0.1");
            }
            assertThat(f.agentCalls()).isEqualTo(agentCalls);
            assertThat(evilHits).hasValue(0);
        }

        @Test
        void urlsInHeadersAndTheQueryDoNotMoveTheAgentCall() {
            String account = accountId();
            APIGatewayV2HTTPEvent event = ApiEvents.connect(account, f.workingKey(), false, null);
            String host = "127.0.0.1:" + evil.getAddress().getPort();
            Map<String, String> headers = new HashMap<>(event.getHeaders() == null ? Map.of() : event.getHeaders());
            headers.putAll(Map.of("host", host, "x-forwarded-host", host, "forwarded", "host=" + host,
                    "x-szamla-agent-url", evilUrl(), "referer", evilUrl(), "origin", evilUrl()));
            event.setHeaders(headers);
            event.setRawQueryString("szamlazz_url=" + evilUrl() + "&agentUrl=" + evilUrl());
            event.setQueryStringParameters(Map.of("szamlazz_url", evilUrl(), "agentUrl", evilUrl()));
            long agentCalls = f.agentCalls();

            assertThat(f.call(event).getStatusCode()).isEqualTo(200);

            assertThat(f.agentCalls()).as("the live check went to the configured Agent").isGreaterThan(agentCalls);
            assertThat(evilHits).hasValue(0);
        }

        @ParameterizedTest
        @ValueSource(ints = {301, 302, 303, 307, 308})
        void anAgentRedirectIsNotFollowedAndTheNextCallGoesToTheConfiguredUrlAgain(int status) throws IOException {
            AtomicInteger agentHits = new AtomicInteger();
            HttpServer redirecting = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            redirecting.createContext("/", ex -> {
                agentHits.incrementAndGet();
                ex.getRequestBody().readAllBytes();
                ex.getResponseHeaders().add("Location", evilUrl());
                ex.getResponseHeaders().add("szlahu_vevoifiokurl", evilUrl());
                ex.sendResponseHeaders(status, -1);
                ex.close();
            });
            redirecting.start();
            try {
                URI agentUrl = URI.create("http://127.0.0.1:" + redirecting.getAddress().getPort() + "/szamla/");
                ConnectApiHandler handler = ConnectApiWiring.over(baseConfig.withSzamlaAgentUrl(agentUrl), aws)
                        .withAgent(SzamlaAgentClient.overHttp(AgentHttpConfig.defaults(agentUrl)
                                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3))))
                        .withReissuer(id -> 0).handler();
                for (int call = 1; call <= 2; call++) {
                    String account = accountId();
                    APIGatewayV2HTTPResponse response = handler.handle(
                            ApiEvents.connect(account, ConnectApiFixture.newKey(), false, null), null);
                    assertThat(response.getStatusCode()).as("call %d", call).isGreaterThanOrEqualTo(400);
                    assertThat(response.getBody()).doesNotContain("127.0.0.1");
                    assertThat(f.store.find(account)).isEmpty();
                }
                assertThat(agentHits).as("one request per call, both to the configured URL").hasValue(2);
                assertThat(evilHits).hasValue(0);
            } finally {
                redirecting.stop(0);
            }
        }
    }
}
