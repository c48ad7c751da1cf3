package hu.autoinvoice.connect;

import hu.autoinvoice.invoice.Buyer;
import hu.autoinvoice.invoice.BuyerType;
import hu.autoinvoice.invoice.ExternalIds;
import hu.autoinvoice.invoice.InvoiceDraft;
import hu.autoinvoice.invoice.InvoiceLanguage;
import hu.autoinvoice.invoice.InvoiceLine;
import hu.autoinvoice.invoice.PaymentMethod;
import hu.autoinvoice.invoice.VatRate;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The invoice sent as a preview create ({@code elonezetpdf=true}, creates no document) when connecting with a prefix
 * or e-invoices: one ticket line of 1 270 HUF gross at 27 % (net 1 000, VAT 270 — exact, so the vendor's line
 * arithmetic holds), paid by card, to a private buyer in Budapest. Its order number and external id are the
 * connection check's own ({@value #CHECK_ID}), never a real purchase's.
 */
public final class SampleInvoice {

    /** The purchase id part of the sentinel external id queried by the live check. */
    public static final String CHECK_ID = "connection-check";

    private SampleInvoice() {
    }

    /** The external id the live check queries; nothing is ever issued under it. */
    public static String sentinelExternalId(String accountId) {
        return ExternalIds.of(accountId, CHECK_ID);
    }

    /** The preview draft for {@code accountId}, dated {@code day} (today in Europe/Budapest). */
    public static InvoiceDraft draft(String accountId, LocalDate day) {
        Buyer buyer = new Buyer(BuyerType.PERSON, "Próba Vevő", Optional.empty(), false, "HU", "1051", "Budapest",
                "Október 6. utca 7.", Optional.empty(), Optional.empty());
        InvoiceLine line = new InvoiceLine("Belépőjegy (kapcsolatpróba)", BigDecimal.ONE, "db", new BigDecimal("1000"),
                new VatRate("27", new BigDecimal("27")), new BigDecimal("1000"), new BigDecimal("270"),
                new BigDecimal("1270"), Optional.empty());
        return new InvoiceDraft(sentinelExternalId(accountId), CHECK_ID, day, day, PaymentMethod.CARD, true, "HUF",
                Optional.empty(), InvoiceLanguage.HU, Optional.of("Előnézet: a Számla Agent kapcsolat ellenőrzése."),
                buyer, List.of(line));
    }
}
