package hu.autoinvoice.invoice;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The small valid invoice sent as a preview create ({@code elonezetpdf=true}: the Agent runs its checks, answers a
 * PDF and creates no document) to find prefix (202) and e-invoice (54) problems of an account — by the connect API's
 * live check and by the health probe alike. One ticket line of 1 000 HUF net at 27 % (VAT 270, gross 1 270: exact, so
 * the vendor's line arithmetic holds), paid by card, to a private buyer in Budapest, dated today in Europe/Budapest.
 */
public final class PreviewSample {

    private PreviewSample() {
    }

    /**
     * The preview draft.
     *
     * @param externalId  the caller's own id of the check (never a real purchase's); nothing is created under it
     * @param orderNumber the caller's own order number of the check (never a real purchase id)
     * @param clock       today is this clock's day in {@link InvoiceCalculator#INVOICE_ZONE}
     */
    public static InvoiceDraft draft(String externalId, String orderNumber, Clock clock) {
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(orderNumber, "orderNumber");
        LocalDate today = LocalDate.now(clock.withZone(InvoiceCalculator.INVOICE_ZONE));
        Buyer buyer = new Buyer(BuyerType.PERSON, "Próba Vevő", Optional.empty(), false, "HU", "1051", "Budapest",
                "Október 6. utca 7.", Optional.empty(), Optional.empty());
        InvoiceLine line = new InvoiceLine("Belépőjegy (előnézet)", BigDecimal.ONE, "db", new BigDecimal("1000"),
                new VatRate("27", new BigDecimal("27")), new BigDecimal("1000"), new BigDecimal("270"),
                new BigDecimal("1270"), Optional.empty());
        return new InvoiceDraft(externalId, orderNumber, today, today, PaymentMethod.CARD, true, "HUF",
                Optional.empty(), InvoiceLanguage.HU, Optional.of("Előnézet: a Számla Agent kapcsolat ellenőrzése."),
                buyer, List.of(line));
    }
}
