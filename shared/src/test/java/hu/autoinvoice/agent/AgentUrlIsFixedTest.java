package hu.autoinvoice.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import hu.autoinvoice.invoice.Buyer;
import hu.autoinvoice.invoice.BuyerType;
import hu.autoinvoice.invoice.InvoiceDraft;
import hu.autoinvoice.invoice.InvoiceSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Agent base URL cannot be influenced by input (issue 8): URLs in a purchase's fields, in the Agent's reply
 * ({@code Location}, {@code szlahu_vevoifiokurl}, {@code vevoifiokurl}) and 3xx answers never change where the
 * client sends; every request goes to the configured URL, one per call, and the redirect target sees nothing.
 */
class AgentUrlIsFixedTest {

    private HttpServer agent;
    private HttpServer evil;
    private final List<String> agentPaths = new CopyOnWriteArrayList<>();
    private final AtomicInteger evilHits = new AtomicInteger();
    private final AtomicInteger call = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        evil = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        evil.createContext("/", ex -> {
            evilHits.incrementAndGet();
            respond(ex, 200, AgentResponseParserTest.successBody("EVIL-1"));
        });
        evil.start();
        agent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        agent.createContext("/", ex -> {
            agentPaths.add(ex.getRequestURI().getPath());
            ex.getRequestBody().readAllBytes();
            int n = call.incrementAndGet();
            ex.getResponseHeaders().add("szlahu_vevoifiokurl", evilUrl());
            if ((n - 1) % 4 < 2) { // calls 1-2, 5-6, ...: a redirect to the evil server, each 3xx code in turn
                int status = List.of(301, 302, 303, 307, 308).get(((n - 1) / 4) % 5);
                ex.getResponseHeaders().add("Location", evilUrl());
                ex.getResponseHeaders().add("Refresh", "0; url=" + evilUrl());
                ex.sendResponseHeaders(status, -1);
                ex.close();
            } else {
                respond(ex, 200, ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><xmlszamlavalasz "
                        + "xmlns=\"http://www.szamlazz.hu/xmlszamlavalasz\"><sikeres>true</sikeres><szamlaszam>TIX-" + n
                        + "</szamlaszam><szamlanetto>1000</szamlanetto><szamlabrutto>1270</szamlabrutto><vevoifiokurl>"
                        + evilUrl() + "</vevoifiokurl></xmlszamlavalasz>").getBytes(StandardCharsets.UTF_8));
            }
        });
        agent.start();
    }

    @AfterEach
    void stop() {
        agent.stop(0);
        evil.stop(0);
    }

    private String evilUrl() {
        return "http://127.0.0.1:" + evil.getAddress().getPort() + "/szamla/";
    }

    @Test
    void urlsInThePurchaseAndInTheRepliesNeverMoveTheNextRequest() {
        URI base = URI.create("http://127.0.0.1:" + agent.getAddress().getPort() + "/szamla/");
        SzamlaAgentClient client = SzamlaAgentClient.overHttp(new AgentHttpConfig(base, Duration.ofSeconds(2),
                Duration.ofSeconds(5), 10));
        Buyer buyer = new Buyer(BuyerType.PERSON, evilUrl() + "?szamlazz_url=" + evilUrl(), Optional.of("a@example.hu"),
                true, "HU", "1051", "Budapest", "Location: " + evilUrl(), Optional.empty(), Optional.empty());
        InvoiceDraft draft = AgentFixtures.hufDraft(buyer);
        InvoiceSettings settings = new InvoiceSettings(false, Optional.of("TIX"));

        int redirects = 0;
        int issued = 0;
        for (int i = 0; i < 10; i++) {
            AgentResult<IssuedDocument> result = client.createInvoice(AgentFixtures.KEY, settings, draft);
            if (result instanceof AgentResult.Ok<IssuedDocument> ok) {
                issued++;
                // the portal link is data for the organiser, nothing the client follows
                assertThat(ok.value().buyerPortalUrl()).contains(evilUrl());
            } else {
                redirects++;
            }
            client.queryByExternalId(AgentFixtures.KEY, "ai:org-42:P-" + i);
        }

        assertThat(redirects).as("3xx answers are failures, not followed").isEqualTo(5);
        assertThat(issued).isEqualTo(5);
        assertThat(agentPaths).as("one request per call, every one to the configured path").hasSize(20)
                .allSatisfy(p -> assertThat(p).isEqualTo("/szamla/"));
        assertThat(evilHits).hasValue(0);
    }

    private static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }
}
