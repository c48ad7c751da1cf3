package hu.autoinvoice.probe;

import hu.autoinvoice.invoice.Buyer;
import hu.autoinvoice.invoice.BuyerType;
import hu.autoinvoice.invoice.InvoiceDraft;
import hu.autoinvoice.invoice.InvoiceLanguage;
import hu.autoinvoice.invoice.InvoiceLine;
import hu.autoinvoice.invoice.PaymentMethod;
import hu.autoinvoice.invoice.VatRate;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The small valid invoice the probe previews ({@code elonezetpdf=true}, nothing is created) to recheck prefix and
 * e-invoice problems: one net-priced 1 000 HUF line at 27 % (VAT 270, gross 1 270), dated today in Europe/Budapest.
 */
public final class ProbeSampleDraft {

    /** External id of the preview; never queried, nothing is created under it. */
    public static final String EXTERNAL_ID = "ai:probe:preview";

    private static final ZoneId BUDAPEST = ZoneId.of("Europe/Budapest");

    private ProbeSampleDraft() {
    }

    public static InvoiceDraft draft(Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(BUDAPEST));
        Buyer buyer = new Buyer(BuyerType.PERSON, "Próba Vevő", Optional.empty(), false, "HU", "1051", "Budapest",
                "Október 6. utca 7.", Optional.empty(), Optional.empty());
        InvoiceLine line = new InvoiceLine("Próba tétel", BigDecimal.ONE, "db", new BigDecimal("1000"),
                new VatRate("27", new BigDecimal("27")), new BigDecimal("1000"), new BigDecimal("270"),
                new BigDecimal("1270"), Optional.empty());
        return new InvoiceDraft(EXTERNAL_ID, "ai-probe-preview", today, today, PaymentMethod.CARD, true, "HUF",
                Optional.empty(), InvoiceLanguage.HU, Optional.empty(), buyer, List.of(line));
    }
}
