package hu.autoinvoice.endtoend;

import hu.autoinvoice.local.runner.IssuerFixtures;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import hu.autoinvoice.agent.AgentAction;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.local.CiRequirement;
import hu.autoinvoice.local.agent.AgentSimulator;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A purchase message full of URLs ({@code szamlazz_url}, {@code agentUrl}, {@code http://evil} in every free-text
 * field) goes through the real issuer over the local queue: whatever happens to it, no request reaches the URL it
 * names; the valid one is issued by the configured Agent (issue 8, the Agent base URL cannot be influenced by input).
 */
@ExtendWith(LocalAwsExtension.class)
class IssuerAgentUrlTest {

    private final AwsClients clients;
    private final AppConfig base;

    IssuerAgentUrlTest(AwsClients clients, AppConfig base) {
        CiRequirement.vendorSchemas(); // the simulator validates every request against them
        this.clients = clients;
        this.base = base;
    }

    @Test
    void urlsInAPurchaseNeverChangeWhereTheIssuerSends() throws IOException {
        AtomicInteger evilHits = new AtomicInteger();
        HttpServer evil = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        evil.createContext("/", ex -> {
            evilHits.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        evil.start();
        try (AgentSimulator sim = AgentSimulator.start(0)) {
            String evilUrl = "http://127.0.0.1:" + evil.getAddress().getPort() + "/szamla/";
            IssuerHarness h = new IssuerHarness(clients, base, sim);
            String acc = IssuerHarness.id("acc-url");
            h.connect(acc);
            String withUrlsInText = IssuerFixtures.paid(acc, "P-url-text", 1, 1000)
                    .replace("Kiss Anna", evilUrl + "?szamlazz_url=" + evilUrl)
                    .replace("Október 6. utca 7.", "Location: " + evilUrl)
                    .replace("Napijegy", "<szamlaagentkulcs>x</szamlaagentkulcs> " + evilUrl);
            String withUrlFields = IssuerFixtures.paid(acc, "P-url-field", 1, 1000)
                    .replace("{\"type\"", "{\"szamlazz_url\":\"" + evilUrl + "\",\"agentUrl\":\"" + evilUrl + "\",\"type\"");

            h.send(withUrlsInText, withUrlFields);
            h.drain();

            InvoiceLedger ledger = new InvoiceLedger(clients.dynamoDb(), h.config.invoicesTable());
            assertThat(ledger.find(acc, "P-url-text")).hasValueSatisfying(e -> assertThat(e.state()).isEqualTo(LedgerState.ISSUED));
            assertThat(sim.documentsByExternalId("ai:" + acc + ":P-url-text")).isNotEmpty();
            assertThat(h.calls(AgentAction.CREATE_INVOICE)).isGreaterThanOrEqualTo(1);
            assertThat(evilHits).hasValue(0);
        } finally {
            evil.stop(0);
        }
    }
}
