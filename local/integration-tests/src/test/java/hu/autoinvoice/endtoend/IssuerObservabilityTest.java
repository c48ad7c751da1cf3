package hu.autoinvoice.endtoend;

import hu.autoinvoice.local.runner.IssuerFixtures;
import hu.autoinvoice.testing.MdcCapture;
import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.issuer.InvoiceIssuerWiring;
import hu.autoinvoice.local.agent.AgentSimulator;
import hu.autoinvoice.local.agent.AgentSimulatorExtension;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import hu.autoinvoice.issuer.IssuerMetrics;
import hu.autoinvoice.observability.LogContext;
import hu.autoinvoice.observability.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The issuer's log context and metrics through the real handler: records of two accounts processed in parallel on
 * virtual threads, every line of a record's processing carrying that record's accountId and purchaseId and the
 * invocation's request id; the outcomes as EMF lines.
 */
@ExtendWith({LocalAwsExtension.class, AgentSimulatorExtension.class})
class IssuerObservabilityTest {

    private static AgentSimulator sim;
    private final AwsClients clients;
    private final AppConfig base;

    IssuerObservabilityTest(AwsClients clients, AppConfig base) {
        this.clients = clients;
        this.base = base;
    }

    @BeforeAll
    static void simulator(AgentSimulator started) {
        sim = started; // one per class, closed after it (AgentSimulatorExtension)
    }

    @Test
    void everyLineOfARecordCarriesItsIdsAndTheOutcomesAreCounted() {
        ByteArrayOutputStream emf = new ByteArrayOutputStream();
        Metrics metrics = new Metrics("Autoinvoice", InvoiceIssuerWiring.SERVICE,
                new PrintStream(emf, true, StandardCharsets.UTF_8), Clock.systemUTC());
        IssuerHarness h = new IssuerHarness(clients, base, sim, new IssuerMetrics(metrics));
        String a = IssuerHarness.id("acc");
        String b = IssuerHarness.id("acc");
        h.connect(a);
        h.connect(b);

        List<MdcCapture.Line> lines;
        try (MdcCapture capture = MdcCapture.open()) {
            h.send(IssuerFixtures.paid(a, "P-1", 1, 1000), IssuerFixtures.paid(a, "P-2", 2, 1000),
                    IssuerFixtures.paid(b, "P-1", 3, 1000), IssuerFixtures.paid(IssuerHarness.id("nobody"), "P-9", 1, 1000),
                    "{\"type\":\"purchase.paid\",\"version\":1,\"accountId\":\"" + a + "\"}");
            h.drain();
            lines = capture.lines().stream().filter(l -> !l.logger().startsWith("hu.autoinvoice.local")).toList();
        }

        // each record's outcome line carries its own ids (no bleeding between the parallel records)
        assertThat(lines.stream().filter(l -> l.message().contains("ISSUED"))
                .map(l -> l.mdc().get(LogContext.ACCOUNT_ID) + "/" + l.mdc().get(LogContext.PURCHASE_ID)))
                .containsExactlyInAnyOrder(a + "/P-1", a + "/P-2", b + "/P-1");
        assertThat(lines).filteredOn(l -> l.logger().startsWith("hu.autoinvoice.agent")).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(l -> assertThat(l.mdc()).containsKeys(LogContext.ACCOUNT_ID, LogContext.PURCHASE_ID));
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l.mdc()).as(l.toString())
                .containsKeys(LogContext.AWS_REQUEST_ID, LogContext.ACCOUNT_ID));
        assertThat(lines).filteredOn(l -> !l.message().contains("Invalid message"))
                .allSatisfy(l -> assertThat(l.mdc()).as(l.toString()).containsKey(LogContext.PURCHASE_ID));

        String written = emf.toString(StandardCharsets.UTF_8);
        assertThat(written.lines().filter(l -> l.contains("\"InvoicesIssued\":1"))).hasSize(3);
        assertThat(written.lines().filter(l -> l.contains("\"InvoicesParked\":1")))
                .singleElement().asString().contains("\"reason\":\"ACCOUNT_NOT_CONNECTED\"");
        assertThat(written.lines().filter(l -> l.contains("\"InvoicesSentToDlq\":1")))
                .singleElement().asString().contains("\"reason\":\"INVALID_MESSAGE\"");
    }

    @Test
    void theBatchsFailureLineOfARecordThatThrewCarriesTheRecordsIds() {
        IssuerHarness h = new IssuerHarness(clients, base, sim);
        h.crashAfterCreate = r -> true;
        String a = IssuerHarness.id("acc");
        h.connect(a);

        List<MdcCapture.Line> lines;
        try (MdcCapture capture = MdcCapture.open()) {
            h.send(IssuerFixtures.paid(a, "P-T", 1, 1000));
            h.drain();
            lines = capture.lines();
        }

        assertThat(lines).filteredOn(l -> l.message().contains("failed; SQS will retry it")).singleElement()
                .satisfies(l -> assertThat(l.mdc()).containsEntry(LogContext.ACCOUNT_ID, a)
                        .containsEntry(LogContext.PURCHASE_ID, "P-T"));
    }
}
