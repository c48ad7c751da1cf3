package hu.autoinvoice.observability;

import hu.autoinvoice.testing.TestKeys;
import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.agent.AgentAction;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.AgentRequest;
import hu.autoinvoice.agent.TransportOutcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MeteredAgentTransportTest {

    private final EmfLines emf = new EmfLines("invoice-issuer");
    private final AtomicLong nanos = new AtomicLong();
    private final AgentKey key = TestKeys.agentKey("metered0123456789abcdefghij");

    private MeteredAgentTransport over(TransportOutcome outcome, long tookMillis) {
        return new MeteredAgentTransport((k, r) -> {
            nanos.addAndGet(tookMillis * 1_000_000);
            return outcome;
        }, emf.metrics, nanos::get);
    }

    private AgentRequest request(AgentAction action) {
        return new AgentRequest(action, ("<xml>" + key.reveal() + "</xml>").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void recordsLatencyPerActionAndNoErrorForASuccessfulReply() {
        TransportOutcome ok = new TransportOutcome.Reply(200, Map.of("szlahu_szamlaszam", List.of("E-1")), new byte[0]);
        TransportOutcome returned = over(ok, 842).send(key, request(AgentAction.CREATE_INVOICE));

        assertThat(returned).isSameAs(ok);
        assertThat(emf.summaries(Metrics.AGENT_LATENCY))
                .containsExactly("AgentLatency=842 service=invoice-issuer action=" + AgentAction.CREATE_INVOICE + " Milliseconds");
        assertThat(emf.summaries(Metrics.AGENT_ERRORS)).isEmpty();
    }

    @Test
    void countsVendorCodesTimeoutsIoFailuresAndBareHttpErrors() {
        AgentAction action = AgentAction.CREATE_INVOICE;
        over(new TransportOutcome.Reply(200, Map.of("szlahu_error_code", List.of("136")), new byte[0]), 5).send(key, request(action));
        over(new TransportOutcome.TimedOut("60 s"), 60_000).send(key, request(action));
        over(new TransportOutcome.IoFailure("reset"), 3).send(key, request(action));
        over(new TransportOutcome.Reply(502, Map.of(), new byte[0]), 1).send(key, request(action));

        assertThat(emf.summaries(Metrics.AGENT_ERRORS)).containsExactly(
                "AgentErrors=1 service=invoice-issuer action=" + action + " code=136 Count",
                "AgentErrors=1 service=invoice-issuer action=" + action + " code=TIMEOUT Count",
                "AgentErrors=1 service=invoice-issuer action=" + action + " code=IO Count",
                "AgentErrors=1 service=invoice-issuer action=" + action + " code=HTTP_502 Count");
        assertThat(emf.summaries(Metrics.AGENT_LATENCY)).hasSize(4).first().asString().contains("AgentLatency=5 ");
    }

    @Test
    void neverWritesTheKey() {
        over(new TransportOutcome.Reply(200, Map.of("szlahu_error_code", List.of("3")), new byte[0]), 1)
                .send(key, request(AgentAction.CREATE_INVOICE));
        assertThat(emf.lines()).isNotEmpty().allSatisfy(line -> assertThat(line.toString()).doesNotContain(key.reveal()));
    }
}
