package hu.autoinvoice.local.agent;

import static hu.autoinvoice.local.agent.SimHttp.CREATE;
import static hu.autoinvoice.local.agent.SimHttp.QUERY_XML;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AgentSimulatorControlApiTest extends SimulatorTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void putAccountCreatesWithDefaultsAndMerges() throws Exception {
        SimHttp.Answer created = http.control("PUT", "accounts/" + OTHER_KEY, "{\"prefixes\":[\"ABC\"]}");
        SimHttp.Answer merged = http.control("PUT", "accounts/" + OTHER_KEY, "{\"state\":\"BLOCKED\",\"eInvoice\":false}");

        assertThat(created.status()).isEqualTo(200);
        JsonNode account = JSON.readTree(merged.body());
        assertThat(account.get("state").asText()).isEqualTo("BLOCKED");
        assertThat(account.get("eInvoice").asBoolean()).isFalse();
        assertThat(account.get("prefixes").get(0).asText()).isEqualTo("ABC");
        assertThat(account.get("orderNumberUnique").asBoolean()).isTrue();
        assertThat(account.get("orderNumberReplay").asBoolean()).isTrue();
        assertThat(merged.text()).doesNotContain(OTHER_KEY).contains(OTHER_KEY.substring(OTHER_KEY.length() - 4));
        assertThat(simulator.account(OTHER_KEY))
                .contains(new SimAccount(AccountState.BLOCKED, false, List.of("ABC"), true, true));

        SimHttp.Answer query = http.agent(QUERY_XML, InvoiceXml.xmlQuery(OTHER_KEY, null, null, "ai:x", false));
        assertThat(query.xmlText("hibakod")).isEqualTo("136");
    }

    @Test
    void orderNumberReplayIsSetThroughTheControlApiAndDecidesTheAnswer() throws Exception {
        http.agent(CREATE, invoice().orderNumber("P-1").bytes());

        SimHttp.Answer off = http.control("PUT", "accounts/" + KEY, "{\"orderNumberReplay\":false}");
        SimHttp.Answer refused = http.agent(CREATE, invoice().orderNumber("P-1").bytes());
        SimHttp.Answer on = http.control("PUT", "accounts/" + KEY, "{\"orderNumberReplay\":true}");
        SimHttp.Answer replayed = http.agent(CREATE, invoice().orderNumber("P-1").bytes());

        assertThat(JSON.readTree(off.body()).get("orderNumberReplay").asBoolean()).isFalse();
        assertThat(JSON.readTree(off.body()).get("orderNumberUnique").asBoolean()).isTrue();
        assertThat(refused.header("szlahu_error_code")).contains("152");
        assertThat(JSON.readTree(on.body()).get("orderNumberReplay").asBoolean()).isTrue();
        assertThat(JSON.readTree(http.control("GET", "accounts/" + KEY, null).body()).get("orderNumberReplay")
                .asBoolean()).isTrue();
        assertThat(replayed.decodedHeader("szlahu_szamlaszam")).isEqualTo("TIX-2026-1");
        assertThat(simulator.account(KEY)).hasValueSatisfying(a -> assertThat(a.orderNumberReplay()).isTrue());
        assertThat(http.control("PUT", "accounts/" + KEY, "{\"orderNumberReplay\":\"sometimes\"}").status())
                .isEqualTo(400);
    }

    @Test
    void accountsAreFoundAgainAndBadBodiesAre400() throws Exception {
        assertThat(http.control("GET", "accounts/" + KEY, null).status()).isEqualTo(200);
        assertThat(http.control("GET", "accounts/" + OTHER_KEY, null).status()).isEqualTo(404);
        assertThat(http.control("PUT", "accounts/" + KEY, "{\"state\":\"GONE\"}").status()).isEqualTo(400);
        assertThat(http.control("PUT", "faults", "{\"transientRate\":2}").status()).isEqualTo(400);
        assertThat(http.control("GET", "nothing-here", null).status()).isEqualTo(404);
        // java.net.http refuses a malformed escape, so send this one over a raw socket
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), simulator.port())) {
            socket.getOutputStream().write(("PUT /_sim/accounts/secretkeyfragment%zz HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: 2\r\nConnection: close\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(raw).startsWith("HTTP/1.1 400").doesNotContain("secretkeyfragment");
        }
    }

    @Test
    void putFaultsMergesAndIsReadBack() throws Exception {
        SimHttp.Answer first = http.control("PUT", "faults", "{\"latencyMs\":5,\"seed\":7}");
        SimHttp.Answer second = http.control("PUT", "faults", "{\"transientRate\":1.0}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(simulator.faults()).isEqualTo(new Faults(5, 1.0, 0.0, 0.0, 7));
        assertThat(JSON.readTree(second.body()).get("transientRate").asDouble()).isEqualTo(1.0);
        assertThat(http.agent(CREATE, invoice().bytes()).header("szlahu_error_code")).contains("1");
        assertThat(http.control("GET", "stats", null).status()).isEqualTo(200); // control API not faulted

        SimHttp.Answer third = http.control("PUT", "faults", "{\"transientRate\":0.0,\"dataErrorRate\":0.25}");
        assertThat(simulator.faults()).isEqualTo(new Faults(5, 0.0, 0.0, 0.0, 0.25, 7));
        assertThat(JSON.readTree(third.body()).get("dataErrorRate").asDouble()).isEqualTo(0.25);
        assertThat(http.control("PUT", "faults", "{\"dataErrorRate\":-0.1}").status()).isEqualTo(400);
        assertThat(JSON.readTree(http.control("GET", "stats", null).body()).has("dataErrorFaults")).isTrue();
    }

    @Test
    void documentsAreListedAndFilterable() throws Exception {
        simulator.putAccount(KEY, AccountUpdate.none().withOrderNumberUnique(false));
        http.agent(CREATE, invoice().orderNumber("P-1").externalId("ext-1").bytes());
        http.agent(CREATE, invoice().orderNumber("P-2").externalId("ext-2").buyer("Nagy Béla").bytes());

        JsonNode all = JSON.readTree(http.control("GET", "documents", null).body());
        JsonNode byOrder = JSON.readTree(http.control("GET", "documents?orderNumber=P-2", null).body());
        JsonNode byExternal = JSON.readTree(http.control("GET", "documents?externalId=ext-1", null).body());

        assertThat(all).hasSize(2);
        assertThat(byOrder).hasSize(1);
        JsonNode doc = byOrder.get(0);
        assertThat(doc.get("number").asText()).isEqualTo("TIX-2026-2");
        assertThat(doc.get("type").asText()).isEqualTo("SZ");
        assertThat(doc.get("orderNumber").asText()).isEqualTo("P-2");
        assertThat(doc.get("externalId").asText()).isEqualTo("ext-2");
        assertThat(doc.get("buyerName").asText()).isEqualTo("Nagy Béla");
        assertThat(doc.get("net").decimalValue()).isEqualByComparingTo("39354");
        assertThat(doc.get("gross").decimalValue()).isEqualByComparingTo("49980");
        assertThat(doc.get("currency").asText()).isEqualTo("HUF");
        assertThat(doc.get("eInvoice").asBoolean()).isFalse();
        assertThat(doc.get("prefix").asText()).isEqualTo("TIX");
        assertThat(doc.get("reversedBy").isNull()).isTrue();
        assertThat(byExternal.get(0).get("number").asText()).isEqualTo("TIX-2026-1");
    }

    @Test
    void statsCountEveryKindOfRequest() throws Exception {
        String number = http.agent(CREATE, invoice().orderNumber("P-1").bytes()).decodedHeader("szlahu_szamlaszam");
        http.agent(CREATE, invoice().orderNumber("P-1").bytes()); // an equivalent re-send: replayed
        http.agent(CREATE, invoice().preview(true).bytes());
        http.agent(SimHttp.STORNO, InvoiceXml.storno(KEY, number, 2, false));
        http.agent(QUERY_XML, InvoiceXml.xmlQuery(KEY, number, null, null, false));
        http.agent(SimHttp.QUERY_PDF, InvoiceXml.pdfQuery(KEY, number, null, null, 1));
        http.agent(CREATE, invoice().prefix("NOPE").bytes());
        http.agent(CREATE, invoice().prefix("NOPE").bytes());

        JsonNode stats = JSON.readTree(http.control("GET", "stats", null).body());

        assertThat(stats.get("creates").asLong()).isEqualTo(1);
        assertThat(stats.get("replays").asLong()).isEqualTo(1);
        assertThat(stats.get("previews").asLong()).isEqualTo(1);
        assertThat(stats.get("stornos").asLong()).isEqualTo(1);
        assertThat(stats.get("queries").asLong()).isEqualTo(2);
        assertThat(stats.get("pdfs").asLong()).isEqualTo(1);
        assertThat(stats.get("rejections").get("202").asLong()).isEqualTo(2);
        assertThat(stats.get("lostReplies").asLong()).isZero();
        assertThat(stats.get("transientFaults").asLong()).isZero();
        assertThat(stats.get("downFaults").asLong()).isZero();
    }

    @Test
    void resetClearsEverything() throws Exception {
        http.agent(CREATE, invoice().orderNumber("P-1").bytes());
        http.agent(CREATE, invoice().orderNumber("P-1").bytes());
        simulator.setFaults(Faults.none().withLatencyMs(1));

        assertThat(http.control("POST", "reset", null).status()).isEqualTo(204);

        assertThat(simulator.documents()).isEmpty();
        assertThat(simulator.account(KEY)).isEmpty();
        assertThat(simulator.stats()).isEqualTo(new SimStats(0, 0, 0, 0, 0, 0, java.util.Map.of(), 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(simulator.faults()).isEqualTo(Faults.none());
        assertThat(http.agent(CREATE, invoice().bytes()).header("szlahu_error_code")).contains("3");
    }

    @Test
    void fiftyParallelCreatesGetFiftyDistinctSequentialNumbers() throws Exception {
        List<Future<String>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                String order = "P-" + i;
                futures.add(pool.submit(() -> http.agent(CREATE, invoice().orderNumber(order).bytes())
                        .decodedHeader("szlahu_szamlaszam")));
            }
        }
        List<String> numbers = new ArrayList<>();
        for (Future<String> f : futures) {
            numbers.add(f.get());
        }
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            expected.add("TIX-2026-" + i);
        }

        assertThat(numbers).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        assertThat(simulator.stats().creates()).isEqualTo(50);
    }

    @Test
    void withoutSchemasOutsideCiItStartsAndSkipsValidation() throws Exception {
        try (AgentSimulator unvalidated = AgentSimulator.start(0, Clock.systemUTC(), Optional.empty(), false)) {
            unvalidated.putAccount(KEY, AccountUpdate.none());
            SimHttp.Answer answer = new SimHttp(unvalidated).agent(CREATE,
                    invoice().rawHeaderElement("    <kulcstartojelszo>x</kulcstartojelszo>\n").bytes());

            assertThat(unvalidated.validatesSchemas()).isFalse();
            assertThat(answer.header("szlahu_error_code")).isEmpty();
        }
    }

    @Test
    void withoutSchemasUnderCiStartingFails() {
        assertThatThrownBy(() -> AgentSimulator.start(0, Clock.systemUTC(), Optional.empty(), true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CI=true");
    }

    @Test
    void theNormalStartValidatesWhenSchemasExist() {
        SimHttp.requireSchemas();

        assertThat(simulator.validatesSchemas()).isTrue();
    }
}
