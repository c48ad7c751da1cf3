package hu.autoinvoice.local.agent;

import static hu.autoinvoice.local.agent.SimHttp.CREATE;
import static hu.autoinvoice.local.agent.SimHttp.QUERY_XML;
import static hu.autoinvoice.local.agent.SimHttp.STORNO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentSimulatorFaultTest extends SimulatorTestBase {

    @Test
    void transientFaultAnswersCode1AndCreatesNothing() throws Exception {
        simulator.setFaults(Faults.none().withTransientRate(1.0));

        SimHttp.Answer answer = http.agent(CREATE, invoice().orderNumber("P-1").bytes());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("szlahu_error_code")).contains("1");
        assertThat(answer.decodedHeader("szlahu_error")).startsWith("Rendszerkarbantartás");
        assertThat(answer.xmlText("hibakod")).isEqualTo("1");
        assertThat(simulator.documents()).isEmpty();
        assertThat(simulator.stats().transientFaults()).isEqualTo(1);
        assertThat(simulator.stats().rejections()).containsEntry(1, 1L);
    }

    @Test
    void transientFaultOnVersion1IsErrText() throws Exception {
        simulator.setFaults(Faults.none().withTransientRate(1.0));

        SimHttp.Answer answer = http.agent(CREATE, invoice().version(1).bytes());

        assertThat(answer.text()).startsWith("[ERR] Rendszerkarbantartás");
    }

    @Test
    void downFaultSetsTheDownHeaderAndCreatesNothing() throws Exception {
        simulator.setFaults(Faults.none().withDownRate(1.0));

        SimHttp.Answer answer = http.agent(CREATE, invoice().bytes());

        assertThat(answer.header("szlahu_down")).contains("true");
        assertThat(answer.header("szlahu_szamlaszam")).isEmpty();
        assertThat(simulator.documents()).isEmpty();
        assertThat(simulator.stats().downFaults()).isEqualTo(1);
    }

    @Test
    void dataErrorAnswers57WithHeadersAndBodyAndCreatesNothing() throws Exception {
        simulator.setFaults(Faults.none().withDataErrorRate(1.0));

        SimHttp.Answer answer = http.agent(CREATE, invoice().orderNumber("P-data").externalId("ai:org:P-data").bytes());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("szlahu_error_code")).contains("57");
        assertThat(answer.decodedHeader("szlahu_error")).startsWith("XML beolvasási hiba.");
        assertThat(answer.header("szlahu_szamlaszam")).isEmpty();
        assertThat(answer.xmlText("sikeres")).isEqualTo("false");
        assertThat(answer.xmlText("hibakod")).isEqualTo("57");
        assertThat(answer.xmlText("hibauzenet")).startsWith("XML beolvasási hiba.");
        assertThat(simulator.documents()).isEmpty();
        assertThat(simulator.stats().creates()).isZero();
        assertThat(simulator.stats().dataErrorFaults()).isEqualTo(1);
        assertThat(simulator.stats().rejections()).containsEntry(57, 1L);
    }

    @Test
    void dataErrorOnVersion1IsErrText() throws Exception {
        simulator.setFaults(Faults.none().withDataErrorRate(1.0));

        SimHttp.Answer answer = http.agent(CREATE, invoice().version(1).bytes());

        assertThat(answer.header("szlahu_error_code")).contains("57");
        assertThat(answer.text()).startsWith("[ERR] XML beolvasási hiba.");
    }

    @Test
    void dataErrorsHitOnlyDocumentCreates() throws Exception {
        SimHttp.Answer created = http.agent(CREATE, invoice().orderNumber("P-before").bytes());
        String number = created.xmlText("szamlaszam");
        simulator.setFaults(Faults.none().withDataErrorRate(1.0));

        SimHttp.Answer preview = http.agent(CREATE, invoice().preview(true).bytes());
        SimHttp.Answer query = http.agent(QUERY_XML, InvoiceXml.xmlQuery(KEY, number, null, null, false));
        SimHttp.Answer storno = http.agent(STORNO, InvoiceXml.storno(KEY, number, 2, false));

        assertThat(preview.header("szlahu_error_code")).isEmpty();
        assertThat(preview.xmlText("sikeres")).isEqualTo("true");
        assertThat(query.header("szlahu_error_code")).isEmpty();
        assertThat(storno.header("szlahu_error_code")).isEmpty();
        assertThat(storno.xmlText("szamlaszam")).isNotEqualTo(number);
        assertThat(simulator.stats().dataErrorFaults()).isZero();
    }

    @Test
    void dataErrorsAreReproducibleAndMixWithSuccesses() throws Exception {
        Faults faults = Faults.none().withDataErrorRate(0.5).withSeed(11);

        List<String> first = outcomes(faults, 16);
        List<String> second = outcomes(faults, 16);

        assertThat(first).isEqualTo(second).contains("57", "ok");
        long errors = first.stream().filter("57"::equals).count();
        assertThat(simulator.documents()).hasSize(16 - (int) errors);
        assertThat(simulator.stats().dataErrorFaults()).isEqualTo(errors);
    }

    @Test
    void lostReplyStoresTheDocumentButTheClientSeesAnIoError() throws Exception {
        simulator.setFaults(Faults.none().withLostReplyRate(1.0));

        assertThatThrownBy(() -> http.agent(CREATE, invoice().orderNumber("P-lost").externalId("ai:org:P-lost").bytes()))
                .isInstanceOf(IOException.class);

        assertThat(simulator.documentsByExternalId("ai:org:P-lost")).singleElement()
                .satisfies(d -> assertThat(d.number()).isEqualTo("TIX-2026-1"));
        assertThat(simulator.stats().lostReplies()).isEqualTo(1);
        assertThat(simulator.stats().creates()).isEqualTo(1);

        // the control API is never faulted: the document is visible there too
        simulator.setFaults(Faults.none().withLostReplyRate(1.0).withDownRate(0.0));
        SimHttp.Answer listing = http.control("GET", "documents?externalId=ai:org:P-lost", null);
        assertThat(listing.status()).isEqualTo(200);
        assertThat(listing.text()).contains("\"number\":\"TIX-2026-1\"").contains("\"orderNumber\":\"P-lost\"");
    }

    @Test
    void latencyDelaysTheAnswer() throws Exception {
        simulator.setFaults(Faults.none().withLatencyMs(300));

        long start = System.nanoTime();
        SimHttp.Answer answer = http.agent(CREATE, invoice().bytes());
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(answer.header("szlahu_szamlaszam")).isPresent();
        assertThat(elapsedMs).isGreaterThanOrEqualTo(300); // a lower bound only: never a timing upper bound
    }

    @Test
    void theSameSeedGivesTheSameFaultSequence() throws Exception {
        Faults faults = new Faults(0, 0.3, 0.0, 0.3, 1234);

        List<String> first = outcomes(faults, 30);
        List<String> second = outcomes(faults, 30);
        List<String> otherSeed = outcomes(faults.withSeed(99), 30);

        assertThat(first).isEqualTo(second);
        assertThat(first).contains("down", "1", "ok"); // the rates really mix outcomes
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void lostRepliesAreReproducibleToo() throws Exception {
        Faults faults = Faults.none().withLostReplyRate(0.5).withSeed(7);

        List<String> first = outcomes(faults, 12);
        List<String> second = outcomes(faults, 12);

        assertThat(first).isEqualTo(second).contains("lost", "ok");
        assertThat(simulator.documents()).hasSize(12); // lost replies still created their documents
    }

    private List<String> outcomes(Faults faults, int requests) throws Exception {
        simulator.reset();
        simulator.putAccount(KEY, AccountUpdate.none());
        simulator.setFaults(faults);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            try {
                SimHttp.Answer answer = http.agent(CREATE, invoice().bytes());
                out.add(answer.header("szlahu_down").isPresent() ? "down"
                        : answer.header("szlahu_error_code").orElse("ok"));
            } catch (IOException e) {
                out.add("lost");
            }
        }
        return out;
    }
}
