package hu.autoinvoice.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hu.autoinvoice.PropertyRuns;
import hu.autoinvoice.invoice.CallId;
import hu.autoinvoice.invoice.DraftResult;
import hu.autoinvoice.invoice.InvoiceCalculator;
import hu.autoinvoice.invoice.InvoiceDraft;
import hu.autoinvoice.invoice.ParseResult;
import hu.autoinvoice.invoice.PurchaseJsonGenerators;
import hu.autoinvoice.invoice.PurchaseMessages;
import hu.autoinvoice.invoice.PurchasePaid;
import hu.autoinvoice.invoice.ReceiptDraft;
import hu.autoinvoice.invoice.ReceiptLine;
import hu.autoinvoice.testing.TestKeys;
import hu.autoinvoice.testing.VendorSchemas;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A purchase's receipt (issue 18): the invoice calculator's lines with each gross kept and VAT re-derived to cents
 * ({@link ReceiptDraft#of}). The vendor's receipt rules (research §2.12): a HUF gross is whole forints (363), net and
 * VAT at most 2 decimals (364 / 365), net + VAT = gross exactly (261); and the receipt totals what the invoice would.
 * Hand-picked cases where rounding bites, then random purchases, each rendered and validated against the vendor XSD.
 */
class ReceiptRoundingTest {

    private static final AgentRequestRenderer RENDERER = new AgentRequestRenderer();

    @Test
    void oneForintAt27PercentCarriesTwentyOneFillerOfVat() {
        ReceiptLine line = only(purchase(line("1", "1", true, "27")));
        assertThat(line.grossAmount()).isEqualByComparingTo("1");
        assertThat(line.vatAmount()).isEqualByComparingTo("0.21"); // 1 × 27 / 127 = 0.2126
        assertThat(line.netAmount()).isEqualByComparingTo("0.79");
    }

    @Test
    void aFractionalGrossUnitPriceBecomesAWholeForintGross() {
        // 3 × 3333.33 = 9999.99 → 10 000 Ft paid; VAT 10000 × 27 / 127 = 2125.984 → 2125.98
        ReceiptLine line = only(purchase(line("3", "3333.33", true, "27")));
        assertThat(line.grossAmount()).isEqualByComparingTo("10000");
        assertThat(line.grossAmount().scale()).isZero();
        assertThat(line.vatAmount()).isEqualByComparingTo("2125.98");
        assertThat(line.netAmount()).isEqualByComparingTo("7874.02");
        assertThat(line.netUnitPrice()).isEqualByComparingTo("2624.673333");
    }

    @Test
    void aNetPricedLineKeepsTheInvoicesWholeForintGross() {
        // net 999 × 27 % = 269.73 → the invoice's VAT 270, gross 1269; the receipt keeps 1269 and re-derives 269.79
        ReceiptLine line = only(purchase(line("1", "999", false, "27")));
        assertThat(line.grossAmount()).isEqualByComparingTo("1269");
        assertThat(line.vatAmount()).isEqualByComparingTo("269.79");
        assertThat(line.netAmount()).isEqualByComparingTo("999.21");
    }

    @Test
    void reducedRatesSpecialCodesAndADiscountLine() {
        ReceiptDraft receipt = purchase(line("2", "4990", true, "27"), line("1", "-990", true, "27"),
                line("1", "1990", true, "5"), line("1", "2990", true, "18"), line("1", "1000", true, "AAM"));
        assertThat(receipt.lines()).extracting(ReceiptLine::grossAmount).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("9980"), new BigDecimal("-990"), new BigDecimal("1990"),
                        new BigDecimal("2990"), new BigDecimal("1000"));
        assertThat(receipt.lines().get(1).vatAmount()).isEqualByComparingTo("-210.47"); // −990 × 27 / 127
        assertThat(receipt.lines().get(2).vatAmount()).isEqualByComparingTo("94.76"); // 1990 × 5 / 105
        assertThat(receipt.lines().get(3).vatAmount()).isEqualByComparingTo("456.10"); // 2990 × 18 / 118
        assertThat(receipt.lines().get(4).vatAmount()).isEqualByComparingTo("0");
        assertThat(receipt.grossTotal()).isEqualByComparingTo("14970");
        assertValid(receipt);
    }

    @Test
    void aEuroReceiptIsInCents() {
        ReceiptLine line = only(purchaseIn("EUR", line("1.5", "6.67", true, "27")));
        assertThat(line.grossAmount()).isEqualByComparingTo("10.01"); // 10.005 → 10.01
        assertThat(line.vatAmount()).isEqualByComparingTo("2.13");
        assertThat(line.netAmount()).isEqualByComparingTo("7.88");
    }

    @Test
    void everyPurchasesReceiptPassesTheVendorsReceiptRulesAndTotalsTheInvoice() {
        VendorSchemas schemas = AgentFixtures.schemasOrSkip();
        PropertyRuns.check("everyPurchasesReceiptPassesTheVendorsReceiptRules", PurchaseJsonGenerators.purchases(),
                (ObjectNode json) -> {
                    PurchasePaid paid = (PurchasePaid) ((ParseResult.Valid) PurchaseMessages.parse(json.toString())).message();
                    InvoiceDraft invoice = ((DraftResult.Computed) InvoiceCalculator.draft(paid)).draft();
                    ReceiptDraft receipt = ReceiptDraft.of(invoice, "NYGT", CallId.of(paid.accountId(), paid.purchaseId()));
                    boolean huf = "HUF".equals(paid.currency());
                    assertThat(receipt.grossTotal()).isEqualByComparingTo(invoice.grossTotal());
                    for (ReceiptLine line : receipt.lines()) {
                        assertThat(line.grossAmount().stripTrailingZeros().scale()).as("gross %s", line.grossAmount())
                                .isLessThanOrEqualTo(huf ? 0 : 2);
                        assertThat(line.netAmount().stripTrailingZeros().scale()).isLessThanOrEqualTo(2);
                        assertThat(line.vatAmount().stripTrailingZeros().scale()).isLessThanOrEqualTo(2);
                        assertThat(line.netAmount().add(line.vatAmount())).isEqualByComparingTo(line.grossAmount());
                        BigDecimal rate = line.vatRate().percent();
                        BigDecimal exactVat = line.grossAmount().multiply(rate)
                                .divide(BigDecimal.valueOf(100).add(rate), 10, RoundingMode.HALF_UP);
                        assertThat(line.vatAmount().subtract(exactVat).abs()).isLessThanOrEqualTo(new BigDecimal("0.005"));
                    }
                    assertThat(schemas.validateRequest("xmlnyugtacreate",
                            RENDERER.createReceipt(TestKeys.agentKey("rounding"), receipt).xml())).isEmpty();
                });
    }

    private static void assertValid(ReceiptDraft receipt) {
        assertThat(AgentFixtures.schemasOrSkip().validateRequest("xmlnyugtacreate",
                RENDERER.createReceipt(TestKeys.agentKey("rounding"), receipt).xml())).isEmpty();
    }

    private static ReceiptLine only(ReceiptDraft receipt) {
        assertValid(receipt);
        assertThat(receipt.lines()).hasSize(1);
        return receipt.lines().get(0);
    }

    private static String line(String quantity, String unitPrice, boolean gross, String vat) {
        return """
                {"name":"Belépőjegy","quantity":"%s","unit":"db","unitPrice":"%s","priceIncludesVat":%s,"vat":"%s"}"""
                .formatted(quantity, unitPrice, gross, vat);
    }

    private static ReceiptDraft purchase(String... lines) {
        return purchaseIn("HUF", lines);
    }

    private static ReceiptDraft purchaseIn(String currency, String... lines) {
        String body = """
                {"type":"purchase.paid","version":1,"purchaseId":"P-1","accountId":"org-1","paidAt":"2026-11-27T18:05:11Z",\
                "currency":"%s","paymentMethod":"card","language":"hu","buyer":{"type":"person","name":"Kiss Anna",\
                "email":"anna@example.hu","country":"HU","postalCode":"1051","city":"Budapest","address":"Fő utca 1.",\
                "taxNumber":null,"euVatNumber":null},"lines":[%s],"sendEmail":false}""".formatted(currency,
                String.join(",", List.of(lines)));
        ParseResult parsed = PurchaseMessages.parse(body);
        assertThat(parsed).as("%s", parsed).isInstanceOf(ParseResult.Valid.class);
        InvoiceDraft invoice = ((DraftResult.Computed) InvoiceCalculator.draft(
                (PurchasePaid) ((ParseResult.Valid) parsed).message())).draft();
        return ReceiptDraft.of(invoice, "NYGT", CallId.of("org-1", "P-1"));
    }
}
