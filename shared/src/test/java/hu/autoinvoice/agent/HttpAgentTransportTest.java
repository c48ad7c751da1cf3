package hu.autoinvoice.agent;

import hu.autoinvoice.testing.TestKeys;
import static hu.autoinvoice.agent.AgentFixtures.KEY;
import static hu.autoinvoice.agent.AgentFixtures.OTHER_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import hu.autoinvoice.invoice.BuyerType;
import hu.autoinvoice.invoice.InvoiceDraft;
import hu.autoinvoice.invoice.InvoiceSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real HTTP transport against a tiny in-test server. */
class HttpAgentTransportTest {

    private record Captured(String method, String path, Headers headers, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @FunctionalInterface
    private interface Behaviour {
        void handle(HttpExchange exchange, Captured request) throws Exception;
    }

    private HttpServer server;
    private ExecutorService executor;
    private final List<Captured> agentRequests = new CopyOnWriteArrayList<>();
    private final List<Captured> elsewhereRequests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Behaviour behaviour;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "agent-test-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/szamla/", exchange -> {
            Captured c = new Captured(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes());
            agentRequests.add(c);
            try {
                behaviour.handle(exchange, c);
            } catch (Exception e) {
                exchange.close();
            }
        });
        server.createContext("/elsewhere/", exchange -> {
            elsewhereRequests.add(new Captured(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes()));
            respond(exchange, 200, successXml("REDIRECTED-1"));
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/szamla/");
    }

    private SzamlaAgentClient client(Duration requestTimeout) {
        return new SzamlaAgentClient(transport(requestTimeout, 1000));
    }

    private HttpAgentTransport transport(Duration requestTimeout, int maxSessions) {
        return new HttpAgentTransport(new AgentHttpConfig(baseUrl(), Duration.ofSeconds(2), requestTimeout, maxSessions));
    }

    private static InvoiceDraft draft() {
        return AgentFixtures.hufDraft(AgentFixtures.buyer(BuyerType.PERSON, "Kiss Anna"));
    }

    private static final InvoiceSettings SETTINGS = new InvoiceSettings(false, Optional.of("TIX"));

    @Test
    void createSendsOneMultipartFilePartAndReadsTheReply() {
        behaviour = (ex, req) -> {
            ex.getResponseHeaders().add("szlahu_szamlaszam", "TIX-2026-1");
            ex.getResponseHeaders().add("szlahu_nettovegosszeg", "39354");
            respond(ex, 200, successXml("TIX-2026-1"));
        };

        AgentResult<IssuedDocument> result = client(Duration.ofSeconds(10)).createInvoice(KEY, SETTINGS, draft());

        assertThat(result).isInstanceOf(AgentResult.Ok.class);
        assertThat(((AgentResult.Ok<IssuedDocument>) result).value().invoiceNumber()).isEqualTo("TIX-2026-1");
        assertThat(agentRequests).hasSize(1);
        Captured req = agentRequests.get(0);
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/szamla/");
        String contentType = req.headers().getFirst("Content-Type");
        assertThat(contentType).startsWith("multipart/form-data; boundary=");
        String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());

        String body = req.bodyText();
        assertThat(body).startsWith("--" + boundary + "\r\n").endsWith("\r\n--" + boundary + "--\r\n");
        int headerEnd = body.indexOf("\r\n\r\n");
        List<String> partHeaders = List.of(body.substring(body.indexOf("\r\n") + 2, headerEnd).split("\r\n"));
        assertThat(partHeaders).containsExactly(
                "Content-Disposition: form-data; name=\"action-xmlagentxmlfile\"; filename=\"xmlszamla.xml\"",
                "Content-Type: text/xml; charset=UTF-8");
        String xml = body.substring(headerEnd + 4, body.length() - ("\r\n--" + boundary + "--\r\n").length());
        byte[] expected = new AgentRequestRenderer().createInvoice(KEY, SETTINGS, draft(), false).xml();
        assertThat(xml.getBytes(StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(body.split("--" + boundary, -1)).hasSize(3); // exactly one part
    }

    @Test
    void eachOperationUsesItsOwnFieldAndFileName() {
        behaviour = (ex, req) -> respond(ex, 200, successXml("TIX-1"));
        SzamlaAgentClient client = client(Duration.ofSeconds(10));
        client.reverseInvoice(KEY, "TIX-1", false, Optional.empty());
        client.queryByExternalId(KEY, "ai:x");
        client.invoicePdf(KEY, "TIX-1");
        client.previewInvoice(KEY, SETTINGS, draft());
        assertThat(agentRequests).extracting(c -> c.bodyText().lines().skip(1).findFirst().orElseThrow()).containsExactly(
                "Content-Disposition: form-data; name=\"action-szamla_agent_st\"; filename=\"xmlszamlast.xml\"",
                "Content-Disposition: form-data; name=\"action-szamla_agent_xml\"; filename=\"xmlszamlaxml.xml\"",
                "Content-Disposition: form-data; name=\"action-szamla_agent_pdf\"; filename=\"xmlszamlapdf.xml\"",
                "Content-Disposition: form-data; name=\"action-xmlagentxmlfile\"; filename=\"xmlszamla.xml\"");
    }

    @Test
    void redirectsAreNotFollowed() {
        behaviour = (ex, req) -> {
            ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + server.getAddress().getPort() + "/elsewhere/");
            ex.sendResponseHeaders(307, -1);
            ex.close();
        };
        AgentResult<IssuedDocument> result = client(Duration.ofSeconds(10)).createInvoice(KEY, SETTINGS, draft());
        assertThat(error(result).outcomeClass()).isEqualTo(OutcomeClass.UNKNOWN);
        assertThat(error(result).message()).contains("307");
        assertThat(agentRequests).hasSize(1);
        assertThat(elsewhereRequests).isEmpty();
    }

    @Test
    void aSlowServerIsATransientTimeoutAfterOneRequest() {
        behaviour = (ex, req) -> {
            release.await(10, TimeUnit.SECONDS);
            respond(ex, 200, successXml("LATE-1"));
        };
        AgentResult<IssuedDocument> result = client(Duration.ofMillis(300)).createInvoice(KEY, SETTINGS, draft());
        AgentError e = error(result);
        assertThat(e.outcomeClass()).isEqualTo(OutcomeClass.TRANSIENT);
        assertThat(e.message()).contains("timeout").doesNotContain(KEY.reveal());
        assertThat(agentRequests).hasSize(1);
    }

    @Test
    void aReplyWhoseBodyStallsAfterTheHeadersIsATimeoutToo() {
        behaviour = (ex, req) -> {
            ex.sendResponseHeaders(200, 1000);
            OutputStream out = ex.getResponseBody();
            out.write("<?xml version=\"1.0\"?>".getBytes(StandardCharsets.UTF_8));
            out.flush();
            release.await(10, TimeUnit.SECONDS);
            ex.close();
        };
        AgentError e = error(client(Duration.ofMillis(400)).createInvoice(KEY, SETTINGS, draft()));
        assertThat(e.outcomeClass()).isEqualTo(OutcomeClass.TRANSIENT);
        assertThat(e.message()).contains("timeout");
        assertThat(agentRequests).hasSize(1);
    }

    @Test
    void aConnectionClosedWithoutReplyIsTransientIoAfterOneRequest() {
        behaviour = (ex, req) -> ex.close();
        AgentResult<IssuedDocument> result = client(Duration.ofSeconds(10)).createInvoice(KEY, SETTINGS, draft());
        AgentError e = error(result);
        assertThat(e.outcomeClass()).isEqualTo(OutcomeClass.TRANSIENT);
        assertThat(e.message()).startsWith("I/O failure").doesNotContain(KEY.reveal());
        assertThat(agentRequests).hasSize(1);
    }

    @Test
    void serverErrorsAndVendorErrorsAreNeverRetried() {
        SzamlaAgentClient client = client(Duration.ofSeconds(10));
        behaviour = (ex, req) -> respond(ex, 503, "down".getBytes(StandardCharsets.UTF_8));
        assertThat(error(client.createInvoice(KEY, SETTINGS, draft())).outcomeClass()).isEqualTo(OutcomeClass.TRANSIENT);
        assertThat(agentRequests).hasSize(1);

        behaviour = (ex, req) -> {
            ex.getResponseHeaders().add("szlahu_down", "true");
            respond(ex, 200, new byte[0]);
        };
        assertThat(error(client.queryByOrderNumber(KEY, "P-1")).outcomeClass()).isEqualTo(OutcomeClass.TRANSIENT);
        assertThat(agentRequests).hasSize(2);

        behaviour = (ex, req) -> {
            ex.getResponseHeaders().add("szlahu_error_code", "1");
            respond(ex, 200, errorXml(1, "Rendszerkarbantartás"));
        };
        assertThat(error(client.reverseInvoice(KEY, "TIX-1", true, Optional.of("cancelled"))).outcomeClass())
                .isEqualTo(OutcomeClass.TRANSIENT);
        assertThat(agentRequests).hasSize(3);
    }

    @Test
    void eachKeyHasItsOwnCookieJarAndTheSessionIsSentBack() {
        behaviour = (ex, req) -> {
            String who = req.bodyText().contains(KEY.reveal()) ? "A" : "B";
            ex.getResponseHeaders().add("Set-Cookie", "JSESSIONID=session-" + who + "; Path=/; HttpOnly");
            respond(ex, 200, errorXml(7, "Hiányzó adat"));
        };
        HttpAgentTransport transport = transport(Duration.ofSeconds(10), 1000);
        SzamlaAgentClient client = new SzamlaAgentClient(transport);

        assertThat(error(client.queryByExternalId(KEY, "probe")).outcomeClass()).isEqualTo(OutcomeClass.NOT_FOUND);
        client.queryByExternalId(OTHER_KEY, "probe");
        client.queryByExternalId(KEY, "probe");
        client.queryByExternalId(OTHER_KEY, "probe");

        assertThat(agentRequests).extracting(c -> Optional.ofNullable(c.headers().getFirst("Cookie")).orElse("<none>"))
                .containsExactly("<none>", "<none>", "JSESSIONID=session-A", "JSESSIONID=session-B");
        assertThat(transport.sessionCount()).isEqualTo(2);
    }

    @Test
    void cookieJarsAreBounded() {
        behaviour = (ex, req) -> respond(ex, 200, errorXml(7, "Hiányzó adat"));
        HttpAgentTransport transport = transport(Duration.ofSeconds(10), 2);
        SzamlaAgentClient client = new SzamlaAgentClient(transport);
        for (int i = 0; i < 5; i++) {
            client.queryByNumber(TestKeys.agentKey("number" + i), "X");
        }
        assertThat(transport.sessionCount()).isEqualTo(2);
        assertThat(agentRequests).hasSize(5);
    }

    @Test
    void aVendorMessageEchoingTheKeyIsScrubbed() {
        String echo = "XML beolvasási hiba. cvc-complex-type: '" + KEY.reveal() + "' is not expected";
        behaviour = (ex, req) -> {
            ex.getResponseHeaders().add("szlahu_error_code", "57");
            ex.getResponseHeaders().add("szlahu_error", URLEncoder.encode(echo, StandardCharsets.UTF_8));
            respond(ex, 200, errorXml(57, echo));
        };
        AgentResult<IssuedDocument> result = client(Duration.ofSeconds(10)).createInvoice(KEY, SETTINGS, draft());
        AgentError e = error(result);
        assertThat(e.outcomeClass()).isEqualTo(OutcomeClass.DATA);
        assertThat(e.message()).contains("XML beolvasási hiba").doesNotContain(KEY.reveal());
        assertThat(result.toString()).doesNotContain(KEY.reveal());
    }

    @Test
    void missingDataOnACreateIsData() {
        behaviour = (ex, req) -> respond(ex, 200, errorXml(7, "Hiányzó adat: teljesitesDatum"));
        SzamlaAgentClient client = client(Duration.ofSeconds(10));
        assertThat(error(client.createInvoice(KEY, SETTINGS, draft())).outcomeClass()).isEqualTo(OutcomeClass.DATA);
        assertThat(error(client.queryByNumber(KEY, "X")).outcomeClass()).isEqualTo(OutcomeClass.NOT_FOUND);
    }

    @Test
    void nothingKeyBearingLeaksThroughToString() {
        HttpAgentTransport transport = transport(Duration.ofSeconds(1), 10);
        AgentRequest request = new AgentRequestRenderer().queryPdf(KEY, new InvoiceSelector.ByNumber("X"));
        behaviour = (ex, req) -> ex.close();
        TransportOutcome outcome = transport.send(KEY, request);
        assertThat(outcome).isInstanceOf(TransportOutcome.IoFailure.class);
        for (Object o : List.of(KEY, request, outcome, transport, new AgentHttpConfig(baseUrl(), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1))) {
            assertThat(o.toString()).doesNotContain(KEY.reveal());
        }
    }

    @Test
    void logLinesNeverContainTheKey() {
        SzamlaAgentClient client = client(Duration.ofMillis(300));
        String echo = "cvc-complex-type: '" + KEY.reveal() + "'";
        try (LogCapture logs = LogCapture.open()) {
            behaviour = (ex, req) -> respond(ex, 200, successXml("TIX-1"));
            client.createInvoice(KEY, SETTINGS, draft());
            behaviour = (ex, req) -> respond(ex, 200, errorXml(57, echo));
            client.previewInvoice(KEY, SETTINGS, draft());
            behaviour = (ex, req) -> ex.close();
            client.queryByNumber(KEY, "X");
            behaviour = (ex, req) -> {
                release.await(10, TimeUnit.SECONDS);
                respond(ex, 200, successXml("LATE"));
            };
            client.invoicePdf(KEY, "X");

            assertThat(logs.lines()).hasSizeGreaterThanOrEqualTo(4)
                    .allSatisfy(line -> assertThat(line).doesNotContain(KEY.reveal()))
                    .anySatisfy(line -> assertThat(line).contains("AgentKey[****" + KEY.hint() + "]"));
        }
    }

    private static AgentError error(AgentResult<?> result) {
        assertThat(result).isInstanceOf(AgentResult.Failed.class);
        return ((AgentResult.Failed<?>) result).error();
    }

    private static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    private static byte[] successXml(String number) {
        return AgentResponseParserTest.successBody(number);
    }

    private static byte[] errorXml(int code, String message) {
        return AgentResponseParserTest.errorBody(code, message);
    }
}
