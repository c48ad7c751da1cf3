package hu.autoinvoice.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import hu.autoinvoice.local.aws.ProjectRoot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code make run}'s main job on ephemeral ports: every sample purchase is issued through the real handlers. */
class DemoJobTest {

    @BeforeAll
    static void needsDynalite() {
        LocalAwsExtension.requireDynalite();
    }

    @Test
    void theDemoOrganiserConnectsOverHttpAndEverySamplePurchaseIsIssued() throws Exception {
        Path messages = ProjectRoot.find().orElseThrow().resolve("events/messages");
        long samples;
        try (var files = Files.list(messages)) {
            samples = files.filter(f -> f.getFileName().toString().startsWith("purchase-paid")).count();
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (LocalRunner runner = LocalRunner.start(RunnerOptions.ephemeralPorts().withProbeIntervalSeconds(0), false, out)) {
            List<DemoJob.Row> rows = new DemoJob(runner, messages, Optional.empty(), out).run(Duration.ofSeconds(90));

            assertThat(samples).isGreaterThanOrEqualTo(3);
            assertThat(rows).hasSize((int) samples).allSatisfy(row -> {
                assertThat(row.state()).as(row.toString()).isEqualTo(LedgerState.ISSUED);
                assertThat(row.invoiceNumber()).as(row.toString()).isPresent();
            });
            var simulator = runner.component(AgentSimulatorComponent.class).simulator();
            assertThat(rows).allSatisfy(row -> assertThat(simulator.documentsByExternalId(
                    "ai:" + DemoJob.DEMO_ACCOUNT + ":" + row.purchaseId())).isNotEmpty());
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("connected: PUT ", "-> HEALTHY", "purchase", "invoice number",
                "[" + samples + "/" + samples + "]");
        // the demo ends by listing the invoices through the connect API and saving one PDF, whose path it prints
        assertThat(output).contains("/invoices?limit=10 -> HTTP 200, " + samples + " invoice(s):");
        java.util.regex.Matcher saved = java.util.regex.Pattern.compile("bytes of PDF, saved to (\\S+)").matcher(output);
        assertThat(saved.find()).as(output).isTrue();
        Path pdf = Path.of(saved.group(1));
        assertThat(pdf).startsWith(DemoJob.PDF_DIR);
        assertThat(new String(Files.readAllBytes(pdf), 0, 4, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF");
    }

    @Test
    void theRealFlagReplacesTheSimulatorWithTheRealAgent() {
        assertThat(LocalRunner.components(true)).hasSameSizeAs(LocalRunner.COMPONENTS)
                .doesNotContain(LocalRunner.COMPONENTS.get(1));
        assertThat(LocalRunner.components(false)).isEqualTo(LocalRunner.COMPONENTS);
    }
}
