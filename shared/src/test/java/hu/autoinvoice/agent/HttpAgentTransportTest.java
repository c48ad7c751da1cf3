package hu.autoinvoice.agent;

import hu.autoinvoice.testing.LogCapture;
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
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    void aReplyLargerThanTheCapIsAnIoFailureNotReadWhole() {
        behaviour = (ex, req) -> {
            ex.sendResponseHeaders(200, 0); // chunked: no length to trust
            byte[] chunk = new byte[64 * 1024];
            try (var out = ex.getResponseBody()) {
                for (long sent = 0; sent <= HttpAgentTransport.MAX_REPLY_BYTES; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException closedByTheClient) {
                // expected: the client stops reading at the cap
            }
        };
        AgentResult<IssuedDocument> result = client(Duration.ofSeconds(20)).createInvoice(KEY, SETTINGS, draft());
        assertThat(error(result).outcomeClass()).as("a create whose reply we cannot read may have happened")
                .isEqualTo(OutcomeClass.TRANSIENT);
        assertThat(error(result).message()).contains("larger than " + HttpAgentTransport.MAX_REPLY_BYTES);
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

    // --- what the switch to HttpURLConnection could break -------------------------------------------------------

    @Test
    void sequentialCallsReuseOneKeepAliveConnection() {
        List<Integer> clientPorts = new CopyOnWriteArrayList<>();
        server.removeContext("/szamla/");
        server.createContext("/szamla/", ex -> {
            ex.getRequestBody().readAllBytes();
            clientPorts.add(ex.getRemoteAddress().getPort());
            respond(ex, 200, successXml("TIX-1"));
        });
        SzamlaAgentClient client = client(Duration.ofSeconds(10));
        for (int i = 0; i < 4; i++) {
            assertThat(client.invoicePdf(KEY, "TIX-1")).isInstanceOf(AgentResult.Ok.class);
        }
        assertThat(clientPorts).hasSize(4);
        assertThat(Set.copyOf(clientPorts)).hasSize(1);
    }

    @Test
    void everyStatusKeepsItsBodyAndHeadersInOrderWithEncodedValuesUntouched() {
        HttpAgentTransport transport = transport(Duration.ofSeconds(10), 10);
        for (int status : new int[] {200, 302, 404, 503}) {
            behaviour = (ex, req) -> {
                ex.getResponseHeaders().add("szlahu_error", "Hi%C3%A1nyz%C3%B3+adat");
                ex.getResponseHeaders().add("X-Multi", "first");
                ex.getResponseHeaders().add("X-Multi", "second");
                respond(ex, status, ("body " + status).getBytes(StandardCharsets.UTF_8));
            };
            TransportOutcome outcome = transport.send(KEY, pdfRequest());
            assertThat(outcome).isInstanceOf(TransportOutcome.Reply.class);
            TransportOutcome.Reply reply = (TransportOutcome.Reply) outcome;
            assertThat(reply.status()).isEqualTo(status);
            assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo("body " + status);
            assertThat(reply.header("SZLAHU_ERROR")).contains("Hi%C3%A1nyz%C3%B3+adat");
            assertThat(reply.headers().get("x-multi")).containsExactly("first", "second");
        }
        behaviour = (ex, req) -> {
            ex.getResponseHeaders().add("szlahu_error", "Hi%C3%A1nyz%C3%B3+adat");
            ex.getResponseHeaders().add("szlahu_error_code", "7");
            respond(ex, 200, new byte[0]);
        };
        AgentError e = error(new SzamlaAgentClient(transport).queryByNumber(KEY, "X"));
        assertThat(e.outcomeClass()).isEqualTo(OutcomeClass.NOT_FOUND);
        assertThat(e.message()).isEqualTo("Hiányzó adat");
    }

    @Test
    void aFailureOnAReusedConnectionIsNeverResentSilently() {
        behaviour = (ex, req) -> respond(ex, 200, successXml("TIX-1"));
        SzamlaAgentClient client = client(Duration.ofSeconds(10));
        assertThat(client.invoicePdf(KEY, "TIX-1")).isInstanceOf(AgentResult.Ok.class);
        behaviour = (ex, req) -> ex.close(); // request read, connection dropped without a reply
        AgentError e = error(client.createInvoice(KEY, SETTINGS, draft()));
        assertThat(e.outcomeClass()).isEqualTo(OutcomeClass.TRANSIENT);
        assertThat(e.message()).startsWith("I/O failure");
        assertThat(agentRequests).hasSize(2); // the JDK's retry of a failed POST would make it 3
        behaviour = (ex, req) -> respond(ex, 200, successXml("TIX-2"));
        assertThat(client.invoicePdf(KEY, "TIX-2")).isInstanceOf(AgentResult.Ok.class);
        assertThat(agentRequests).hasSize(3);
    }

    @Test
    void aReplyCutOffMidBodyIsAnUnknownOutcome() throws Exception {
        byte[] full = successXml("TIX-CUT");
        String head = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nszlahu_szamlaszam: TIX-CUT\r\nContent-Length: "
                + full.length + "\r\n\r\n";
        try (RawServer raw = new RawServer(out -> {
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(full, 0, full.length / 2);
        })) {
            TransportOutcome outcome = rawTransport(raw, Duration.ofSeconds(5)).send(KEY, pdfRequest());
            assertThat(outcome).isInstanceOf(TransportOutcome.IoFailure.class);
            assertThat(((TransportOutcome.IoFailure) outcome).detail()).containsAnyOf("cut off", "Premature EOF");
            assertThat(new AgentResponseParser().document(outcome, KEY)).isInstanceOf(AgentResult.Failed.class);
            assertThat(raw.requests()).isEqualTo(1);
        }
    }

    @Test
    void aChunkedReplyCutOffMidBodyIsAnUnknownOutcome() throws Exception {
        try (RawServer raw = new RawServer(out -> out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "10\r\n<?xml version=\"1.0\r\n40\r\n<xmlszamla").getBytes(StandardCharsets.US_ASCII)))) {
            TransportOutcome outcome = rawTransport(raw, Duration.ofSeconds(5)).send(KEY, pdfRequest());
            assertThat(outcome).isInstanceOf(TransportOutcome.IoFailure.class);
            assertThat(raw.requests()).isEqualTo(1);
        }
    }

    @Test
    void aTricklingReplyIsStoppedByTheTotalDeadlineNotJustTheReadTimeout() throws Exception {
        try (RawServer raw = new RawServer(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 1000; i++) { // one byte every 50 ms: every read succeeds well within its timeout
                out.write(' ');
                out.flush();
                Thread.sleep(50);
            }
        })) {
            long start = System.nanoTime();
            TransportOutcome outcome = rawTransport(raw, Duration.ofMillis(600)).send(KEY, pdfRequest());
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(outcome).isInstanceOf(TransportOutcome.TimedOut.class);
            assertThat(((TransportOutcome.TimedOut) outcome).detail()).contains("no reply within");
            assertThat(tookMs).isLessThan(3000);
        }
    }

    @Test
    void aRefusedConnectionIsAnIoFailureAndAConnectTimeoutIsATimeout() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        HttpAgentTransport refused = transportAt(closedPort, Duration.ofSeconds(2), Duration.ofSeconds(5));
        TransportOutcome outcome = refused.send(KEY, pdfRequest());
        assertThat(outcome).isInstanceOf(TransportOutcome.IoFailure.class);
        assertThat(((TransportOutcome.IoFailure) outcome).detail()).startsWith("ConnectException").doesNotContain(KEY.reveal());

        // a listener that never accepts, its backlog full: the kernel drops further SYNs, so connecting times out
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket f = new Socket();
                    try {
                        f.connect(full.getLocalSocketAddress(), 200);
                        fillers.add(f);
                    } catch (IOException backlogFull) {
                        f.close();
                        break;
                    }
                }
                HttpAgentTransport stalled = transportAt(full.getLocalPort(), Duration.ofMillis(300), Duration.ofSeconds(5));
                long start = System.nanoTime();
                TransportOutcome timedOut = stalled.send(KEY, pdfRequest());
                assertThat(timedOut).isInstanceOf(TransportOutcome.TimedOut.class);
                assertThat(((TransportOutcome.TimedOut) timedOut).detail()).isEqualTo("connect timed out after PT0.3S");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            } finally {
                for (Socket f : fillers) {
                    f.close();
                }
            }
        }
    }

    @Test
    void parallelCallsFromVirtualThreadsKeepTheirOwnSessions() throws Exception {
        List<AgentKey> keys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            keys.add(TestKeys.agentKey("parallel" + i));
        }
        CountDownLatch together = new CountDownLatch(10);
        behaviour = (ex, req) -> {
            int who = -1;
            for (int i = 0; i < keys.size(); i++) {
                if (req.bodyText().contains(keys.get(i).reveal())) {
                    who = i;
                }
            }
            together.countDown();
            together.await(5, TimeUnit.SECONDS);
            String cookie = Optional.ofNullable(req.headers().getFirst("Cookie")).orElse("");
            ex.getResponseHeaders().add("Set-Cookie", "JSESSIONID=s" + who + "; Path=/");
            ex.getResponseHeaders().add("szlahu_szamlaszam", "N-" + who + (cookie.isEmpty() ? "" : "-" + cookie));
            respond(ex, 200, "%PDF-1.4".getBytes(StandardCharsets.US_ASCII));
        };
        SzamlaAgentClient client = new SzamlaAgentClient(transport(Duration.ofSeconds(10), 1000));
        for (int round = 0; round < 2; round++) {
            List<String> numbers = new CopyOnWriteArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (AgentKey k : keys) {
                    threads.submit(() -> numbers.add(((AgentResult.Ok<IssuedDocument>) client.invoicePdf(k, "X")).value()
                            .invoiceNumber()));
                }
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                expected.add(round == 0 ? "N-" + i : "N-" + i + "-JSESSIONID=s" + i);
            }
            assertThat(numbers).containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(agentRequests).hasSize(20);
    }

    private static AgentRequest pdfRequest() {
        return new AgentRequestRenderer().queryPdf(KEY, new InvoiceSelector.ByNumber("X"));
    }

    private static HttpAgentTransport rawTransport(RawServer raw, Duration requestTimeout) {
        return transportAt(raw.port(), Duration.ofSeconds(2), requestTimeout);
    }

    private static HttpAgentTransport transportAt(int port, Duration connectTimeout, Duration requestTimeout) {
        return new HttpAgentTransport(new AgentHttpConfig(URI.create("http://127.0.0.1:" + port + "/szamla/"),
                connectTimeout, requestTimeout, 10));
    }

    @FunctionalInterface
    private interface RawReply {
        void write(OutputStream out) throws Exception;
    }

    /** A one-connection-at-a-time HTTP server that reads a request and writes exactly the given bytes. */
    private static final class RawServer implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger requests = new AtomicInteger();
        private final Thread thread;

        RawServer(RawReply reply) throws IOException {
            socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        readRequest(s.getInputStream());
                        requests.incrementAndGet();
                        OutputStream out = s.getOutputStream();
                        reply.write(out);
                        out.flush();
                    } catch (Exception ignored) {
                        // the client went away or the server is closing
                    }
                }
            });
        }

        private static void readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("eof");
                }
                head.append((char) c);
            }
            String h = head.toString().toLowerCase(Locale.ROOT);
            int at = h.indexOf("content-length:");
            int length = Integer.parseInt(h.substring(at + 15, h.indexOf("\r\n", at)).strip());
            in.readNBytes(length);
        }

        int port() {
            return socket.getLocalPort();
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(5000);
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
