package hu.autoinvoice.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Hand-checked rounding examples (the numbers in the comments are worked out by hand). */
class InvoiceCalculatorTest {

    private static final Buyer PERSON = new Buyer(BuyerType.PERSON, "Kiss Anna", Optional.of("anna@example.hu"), true,
            "HU", "1051", "Budapest", "Október 6. utca 7.", Optional.empty(), Optional.empty());

    @Test
    void oneTicketAt27PercentIsComputedFromTheGross() {
        // VAT = 24990 × 27 / 127 = 5312.83 → 5313; net = 24990 − 5313 = 19677
        InvoiceLine line = onlyLine(gross("1", "24990", "27"));
        assertAmounts(line, "19677", "5313", "24990");
        assertThat(line.netUnitPrice()).isEqualByComparingTo("19677");
    }

    @Test
    void twoTicketsAreRoundedAsOneLine() {
        // gross = 49980; VAT = 49980 × 27 / 127 = 10625.67 → 10626; net = 39354; net unit = 19677
        // (the vendor's check: 39354 × 0.27 = 10625.58 → 10626)
        InvoiceLine line = onlyLine(gross("2", "24990", "27"));
        assertAmounts(line, "39354", "10626", "49980");
        assertThat(line.netUnitPrice()).isEqualByComparingTo("19677");
    }

    @Test
    void eighteenAndFivePercent() {
        // 18%: 18900 × 18 / 118 = 2883.05 → 2883; net 16017
        assertAmounts(onlyLine(gross("1", "18900", "18")), "16017", "2883", "18900");
        // 5%: 4990 × 5 / 105 = 237.62 → 238; net 4752
        assertAmounts(onlyLine(gross("1", "4990", "5")), "4752", "238", "4990");
    }

    @Test
    void fractionalNetUnitPriceKeepsTheLineConsistent() {
        // gross 3 × 990 = 2970; VAT = 2970 × 27 / 127 = 631.42 → 631; net 2339; net unit = 779.666667
        InvoiceLine line = onlyLine(gross("3", "990", "27"));
        assertAmounts(line, "2339", "631", "2970");
        assertThat(line.netUnitPrice()).isEqualByComparingTo("779.666667");
        assertThat(line.netUnitPrice().multiply(line.quantity()).subtract(line.netAmount()).abs())
                .isLessThan(new BigDecimal("0.00001"));
    }

    @Test
    void specialCodeCarriesNoVat() {
        InvoiceLine line = onlyLine(gross("2", "5000", "AAM"));
        assertAmounts(line, "10000", "0", "10000");
        assertThat(line.vatRate().isSpecialCode()).isTrue();
        assertThat(line.vatRate().agentValue()).isEqualTo("AAM");
    }

    @Test
    void eurNetPricedLineIsRoundedToCentsHalfUp() {
        // net = 3 × 12.50 = 37.50; VAT = 37.50 × 0.27 = 10.125 → 10.13; gross = 47.63
        PurchasePaid purchase = purchase("EUR", Instant.parse("2026-11-28T09:15:00Z"),
                List.of(line("3", "12.50", false, "27")));
        InvoiceDraft draft = computed(purchase);
        assertAmounts(draft.lines().get(0), "37.50", "10.13", "47.63");
        assertThat(draft.lines().get(0).netUnitPrice()).isEqualByComparingTo("12.50");
        assertThat(draft.exchangeRateBank()).contains("MNB");
        assertThat(draft.currency()).isEqualTo("EUR");
    }

    @Test
    void hufDraftHasNoExchangeRateBank() {
        assertThat(computed(gross("1", "24990", "27")).exchangeRateBank()).isEmpty();
    }

    @Test
    void netPricedHufHalvesRoundAwayFromZero() {
        // net 50 × 27% = 13.5 → 14; a −50 discount: −13.5 → −14
        PurchasePaid purchase = purchase("HUF", Instant.parse("2026-11-27T12:00:00Z"),
                List.of(line("1", "50", false, "27"), line("1", "-50", false, "27")));
        InvoiceDraft draft = computed(purchase);
        assertAmounts(draft.lines().get(0), "50", "14", "64");
        assertAmounts(draft.lines().get(1), "-50", "-14", "-64");
        // net 100.50 → 101 (half up); VAT 27.27 → 27; the net unit price becomes 101 so that unit × qty = net
        InvoiceLine fractional = onlyLine(purchase("HUF", Instant.parse("2026-11-27T12:00:00Z"),
                List.of(line("1", "100.50", false, "27"))));
        assertAmounts(fractional, "101", "27", "128");
        assertThat(fractional.netUnitPrice()).isEqualByComparingTo("101");
    }

    @Test
    void discountLineFollowsTheLineItDiscounts() {
        // 10 × 18900 at 18%: gross 189000, VAT 3402000 / 118 = 28830.51 → 28831, net 160169, net unit 16016.9
        // discount −18900: VAT −2883.05 → −2883, net −16017
        // handling fee 990 at 27%: VAT 210.47 → 210, net 780
        PurchasePaid purchase = purchase("HUF", Instant.parse("2026-11-27T12:00:00Z"), List.of(
                line("10", "18900", true, "18"), line("1", "-18900", true, "18"), line("1", "990", true, "27")));
        InvoiceDraft draft = computed(purchase);
        assertAmounts(draft.lines().get(0), "160169", "28831", "189000");
        assertThat(draft.lines().get(0).netUnitPrice()).isEqualByComparingTo("16016.9");
        assertAmounts(draft.lines().get(1), "-16017", "-2883", "-18900");
        assertThat(draft.lines().get(1).netUnitPrice()).isEqualByComparingTo("-16017");
        assertAmounts(draft.lines().get(2), "780", "210", "990");
        BigDecimal total = draft.grossTotal();
        assertThat(total).isEqualByComparingTo("171090");
    }

    @Test
    void aDiscountLargerThanItsLineIsRefused() {
        DraftResult result = InvoiceCalculator.draft(purchase("HUF", Instant.parse("2026-11-27T12:00:00Z"),
                List.of(line("1", "1000", true, "27"), line("1", "-1500", true, "27"), line("1", "5000", true, "27"))));
        assertThat(result).isInstanceOfSatisfying(DraftResult.Refused.class, r -> {
            assertThat(r.field()).isEqualTo("lines[1].unitPrice");
            assertThat(r.reason()).contains("exceed").contains("lines[0]");
        });
    }

    @Test
    void aDiscountFirstOrWithAnotherRateIsRefused() {
        DraftResult first = InvoiceCalculator.draft(purchase("HUF", Instant.parse("2026-11-27T12:00:00Z"),
                List.of(line("1", "-100", true, "27"), line("1", "1000", true, "27"))));
        assertThat(first).isInstanceOfSatisfying(DraftResult.Refused.class,
                r -> assertThat(r.message()).startsWith("lines[0].unitPrice: a discount"));
        DraftResult otherRate = InvoiceCalculator.draft(purchase("HUF", Instant.parse("2026-11-27T12:00:00Z"),
                List.of(line("1", "1000", true, "27"), line("1", "-100", true, "18"))));
        assertThat(otherRate).isInstanceOfSatisfying(DraftResult.Refused.class, r -> {
            assertThat(r.field()).isEqualTo("lines[1].vat");
            assertThat(r.reason()).contains("27");
        });
    }

    @Test
    void aFullDiscountGivesAZeroInvoice() {
        InvoiceDraft draft = computed(purchase("HUF", Instant.parse("2026-11-27T12:00:00Z"),
                List.of(line("1", "1000", true, "27"), line("1", "-1000", true, "27"))));
        assertThat(draft.grossTotal())
                .isEqualByComparingTo("0");
    }

    @Test
    void datesAreThePaymentDayInBudapest() {
        // 23:30 UTC in November is 00:30 the next day in Budapest (CET, UTC+1)
        InvoiceDraft winter = computed(purchase("HUF", Instant.parse("2026-11-27T23:30:00Z"),
                List.of(line("1", "24990", true, "27"))));
        assertThat(winter.fulfilmentDate()).isEqualTo(LocalDate.of(2026, 11, 28));
        assertThat(winter.paymentDueDate()).isEqualTo(LocalDate.of(2026, 11, 28));
        // just after midnight in summer (CEST, UTC+2): 22:00:01 UTC on 31 July is 1 August
        InvoiceDraft summer = computed(purchase("HUF", Instant.parse("2026-07-31T22:00:01Z"),
                List.of(line("1", "24990", true, "27"))));
        assertThat(summer.fulfilmentDate()).isEqualTo(LocalDate.of(2026, 8, 1));
        // 21:59:59 UTC is still 31 July in Budapest
        InvoiceDraft before = computed(purchase("HUF", Instant.parse("2026-07-31T21:59:59Z"),
                List.of(line("1", "24990", true, "27"))));
        assertThat(before.fulfilmentDate()).isEqualTo(LocalDate.of(2026, 7, 31));
    }

    @Test
    void idsAndFlagsComeFromThePurchase() {
        InvoiceDraft draft = computed(gross("1", "24990", "27"));
        assertThat(draft.externalId()).isEqualTo("ai:org-42:P-2026-000123");
        assertThat(draft.orderNumber()).isEqualTo("P-2026-000123");
        assertThat(draft.paid()).isTrue();
        assertThat(draft.buyer()).isEqualTo(PERSON);
        assertThat(draft.buyer().type().agentTaxSubject()).isEqualTo(-1);
        assertThat(draft.language()).isEqualTo(InvoiceLanguage.HU);
        assertThat(draft.paymentMethod()).isEqualTo(PaymentMethod.CARD);
    }

    @Test
    void companyBuyersNeedTheirTaxIds() {
        Buyer huCompanyWithout = new Buyer(BuyerType.HU_COMPANY, "Példa Kft.", Optional.empty(), true, "HU", "1051",
                "Budapest", "Fő utca 1.", Optional.empty(), Optional.empty());
        assertThat(InvoiceCalculator.draft(withBuyer(huCompanyWithout)))
                .isEqualTo(new DraftResult.Refused("buyer.taxNumber", "is required for a hu_company buyer"));
        Buyer euCompanyWithout = new Buyer(BuyerType.EU_COMPANY, "Beispiel GmbH", Optional.empty(), true, "DE",
                "10115", "Berlin", "Invalidenstraße 1", Optional.empty(), Optional.empty());
        assertThat(InvoiceCalculator.draft(withBuyer(euCompanyWithout)))
                .isEqualTo(new DraftResult.Refused("buyer.euVatNumber", "is required for an eu_company buyer"));
        Buyer huCompany = new Buyer(BuyerType.HU_COMPANY, "Példa Kft.", Optional.empty(), true, "HU", "1051",
                "Budapest", "Fő utca 1.", Optional.of("12345676-2-41"), Optional.empty());
        assertThat(computed(withBuyer(huCompany)).buyer().type().agentTaxSubject()).isEqualTo(1);
    }

    @Test
    void aVatRateTheVendorDoesNotKnowIsRefused() {
        PurchaseLine odd = new PurchaseLine("Jegy", BigDecimal.ONE, "db", new BigDecimal("1000"), true,
                new VatRate("28", new BigDecimal("28")), Optional.empty());
        assertThat(InvoiceCalculator.draft(purchase("HUF", Instant.parse("2026-11-27T12:00:00Z"), List.of(odd))))
                .isInstanceOfSatisfying(DraftResult.Refused.class, r -> assertThat(r.field()).isEqualTo("lines[0].vat"));
    }

    private static InvoiceDraft computed(PurchasePaid purchase) {
        DraftResult result = InvoiceCalculator.draft(purchase);
        assertThat(result).isInstanceOf(DraftResult.Computed.class);
        return ((DraftResult.Computed) result).draft();
    }

    private static InvoiceLine onlyLine(PurchasePaid purchase) {
        InvoiceDraft draft = computed(purchase);
        assertThat(draft.lines()).hasSize(1);
        return draft.lines().get(0);
    }

    private static void assertAmounts(InvoiceLine line, String net, String vat, String gross) {
        assertThat(line.netAmount()).as("net").isEqualByComparingTo(net);
        assertThat(line.vatAmount()).as("VAT").isEqualByComparingTo(vat);
        assertThat(line.grossAmount()).as("gross").isEqualByComparingTo(gross);
    }

    private static PurchasePaid gross(String qty, String unitPrice, String vat) {
        return purchase("HUF", Instant.parse("2026-11-27T18:05:11Z"), List.of(line(qty, unitPrice, true, vat)));
    }

    private static PurchaseLine line(String qty, String unitPrice, boolean includesVat, String vat) {
        return new PurchaseLine("Napijegy", new BigDecimal(qty), "db", new BigDecimal(unitPrice), includesVat,
                VatRates.parse(vat).orElseThrow(), Optional.empty());
    }

    private static PurchasePaid purchase(String currency, Instant paidAt, List<PurchaseLine> lines) {
        return new PurchasePaid("P-2026-000123", "org-42", paidAt, currency, PaymentMethod.CARD, InvoiceLanguage.HU,
                PERSON, lines);
    }

    private static PurchasePaid withBuyer(Buyer buyer) {
        PurchasePaid p = gross("1", "24990", "27");
        return new PurchasePaid(p.purchaseId(), p.accountId(), p.paidAt(), p.currency(), p.paymentMethod(),
                p.language(), buyer, p.lines());
    }
}
