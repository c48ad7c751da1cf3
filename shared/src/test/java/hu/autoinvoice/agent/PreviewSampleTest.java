package hu.autoinvoice.agent;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.invoice.InvoiceDraft;
import hu.autoinvoice.invoice.InvoiceLine;
import hu.autoinvoice.invoice.InvoiceSettings;
import hu.autoinvoice.invoice.PreviewSample;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one preview sample of the connect API's live check and the health probe. */
class PreviewSampleTest {

    @Test
    void isDatedTodayInBudapestAndCarriesTheCallersIds() {
        // 23:30 UTC on 27 November is already 28 November in Budapest
        Clock lateEvening = Clock.fixed(Instant.parse("2026-11-27T23:30:00Z"), ZoneOffset.UTC);

        InvoiceDraft draft = PreviewSample.draft("ai:org-1:connection-check", "connection-check", lateEvening);

        assertThat(draft.fulfilmentDate()).isEqualTo(LocalDate.of(2026, 11, 28));
        assertThat(draft.paymentDueDate()).isEqualTo(draft.fulfilmentDate());
        assertThat(draft.externalId()).isEqualTo("ai:org-1:connection-check");
        assertThat(draft.orderNumber()).isEqualTo("connection-check");
        assertThat(draft.currency()).isEqualTo("HUF");
    }

    @Test
    void itsLineArithmeticIsExactSoTheVendorCannotRefuseIt() {
        InvoiceDraft draft = PreviewSample.draft("x", "y", Clock.systemUTC());

        assertThat(draft.lines()).singleElement().satisfies(line -> exact(line));
    }

    @Test
    void rendersAPreviewCreateValidAgainstTheVendorSchema() {
        var schemas = AgentFixtures.schemasOrSkip();
        InvoiceDraft draft = PreviewSample.draft("ai:probe:preview", "ai-probe-preview", Clock.systemUTC());

        AgentRequest request = new AgentRequestRenderer().createInvoice(AgentFixtures.KEY, new InvoiceSettings(true, Optional.of("TIX")),
                draft, true);

        assertThat(schemas.validateRequest("xmlszamla", request.xml())).isEmpty();
        assertThat(new String(request.xml(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("<elonezetpdf>true</elonezetpdf>");
    }

    private static void exact(InvoiceLine line) {
        BigDecimal net = line.netUnitPrice().multiply(line.quantity());
        assertThat(line.netAmount()).isEqualByComparingTo(net);
        assertThat(line.vatAmount()).isEqualByComparingTo(net.multiply(line.vatRate().percent()).movePointLeft(2));
        assertThat(line.grossAmount()).isEqualByComparingTo(line.netAmount().add(line.vatAmount()));
    }
}
