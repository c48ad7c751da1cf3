package hu.autoinvoice.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hu.autoinvoice.PropertyRuns;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Random valid purchases (generated as JSON, parsed by the real parser) give invoices whose lines pass the vendor's
 * arithmetic checks (errors 259-264, research §2.6):
 * <ul>
 *   <li>net: |netUnitPrice × qty − net| ≤ qty × 0.5e-6, so well below 0.5 HUF (the vendor tolerated 0.5-2 HUF and
 *       rejected 5 HUF in observation);</li>
 *   <li>VAT: net-priced lines exactly round(net × rate / 100); gross-priced lines within 0.5 × (1 + rate/100) of
 *       net × rate / 100 (&lt; 0.64 HUF, or cents) and so within 1 of its rounded value — the VAT check's exact
 *       tolerance is undocumented, this is the tightest bound a gross-first computation allows;</li>
 *   <li>gross = net + VAT exactly; HUF amounts whole, others in cents; special codes carry no VAT.</li>
 * </ul>
 */
class InvoiceCalculatorPropertyTest {

    static Gen<ObjectNode> grossPricedPurchases() {
        return PurchaseJsonGenerators.purchases().map(json -> {
            json.withArray("lines").forEach(line -> ((ObjectNode) line).put("priceIncludesVat", true));
            return json;
        });
    }

    @Test
    void everyLinePassesTheVendorArithmetic() {
        PropertyRuns.check("everyLinePassesTheVendorArithmetic", PurchaseJsonGenerators.purchases(),
                InvoiceCalculatorPropertyTest::everyLinePassesTheVendorArithmetic);
    }

    @Test
    void invoiceTotalIsWhatWasPaidWhenPricesIncludeVat() {
        PropertyRuns.check("invoiceTotalIsWhatWasPaidWhenPricesIncludeVat", grossPricedPurchases(),
                InvoiceCalculatorPropertyTest::invoiceTotalIsWhatWasPaidWhenPricesIncludeVat);
    }

    private static void everyLinePassesTheVendorArithmetic(ObjectNode json) {
        PurchasePaid purchase = parse(json);
        InvoiceDraft draft = computed(purchase);
        assertThat(draft.lines()).hasSameSizeAs(purchase.lines());
        BigDecimal unit = draft.isHuf() ? BigDecimal.ONE : new BigDecimal("0.01");
        int scale = draft.isHuf() ? 0 : 2;
        for (int i = 0; i < draft.lines().size(); i++) {
            InvoiceLine line = draft.lines().get(i);
            PurchaseLine sent = purchase.lines().get(i);
            BigDecimal rate = line.vatRate().percent();
            assertThat(line.quantity()).isEqualTo(sent.quantity());
            assertThat(line.vatRate()).isEqualTo(sent.vat());
            for (BigDecimal amount : new BigDecimal[] {line.netAmount(), line.vatAmount(), line.grossAmount()}) {
                assertThat(amount.stripTrailingZeros().scale()).as("decimals of %s", amount).isLessThanOrEqualTo(scale);
            }
            assertThat(line.grossAmount()).isEqualByComparingTo(line.netAmount().add(line.vatAmount()));

            BigDecimal netError = line.netUnitPrice().multiply(line.quantity()).subtract(line.netAmount()).abs();
            assertThat(netError).isLessThanOrEqualTo(line.quantity().multiply(new BigDecimal("0.0000005")));
            if (draft.isHuf()) {
                assertThat(netError).isLessThan(new BigDecimal("0.5"));
            }

            BigDecimal exactVat = line.netAmount().multiply(rate).divide(BigDecimal.valueOf(100));
            BigDecimal vendorVat = exactVat.setScale(scale, RoundingMode.HALF_UP);
            if (line.vatRate().isSpecialCode()) {
                assertThat(line.vatAmount()).isEqualByComparingTo("0");
                assertThat(line.grossAmount()).isEqualByComparingTo(line.netAmount());
            } else if (sent.priceIncludesVat()) {
                BigDecimal bound = unit.multiply(new BigDecimal("0.5"))
                        .multiply(BigDecimal.ONE.add(rate.divide(BigDecimal.valueOf(100))));
                assertThat(line.vatAmount().subtract(exactVat).abs()).isLessThanOrEqualTo(bound);
                assertThat(line.vatAmount().subtract(vendorVat).abs()).isLessThanOrEqualTo(unit);
                assertThat(line.grossAmount())
                        .isEqualByComparingTo(sent.unitPrice().multiply(sent.quantity()).setScale(scale, RoundingMode.HALF_UP));
            } else {
                assertThat(line.vatAmount()).isEqualByComparingTo(vendorVat);
                if (sent.unitPrice().multiply(sent.quantity()).stripTrailingZeros().scale() <= scale) {
                    assertThat(line.netUnitPrice()).isEqualByComparingTo(sent.unitPrice());
                }
                assertThat(line.netAmount())
                        .isEqualByComparingTo(sent.unitPrice().multiply(sent.quantity()).setScale(scale, RoundingMode.HALF_UP));
            }
        }
        assertThat(draft.grossTotal())
                .isGreaterThanOrEqualTo(BigDecimal.ZERO);
    }

    private static void invoiceTotalIsWhatWasPaidWhenPricesIncludeVat(ObjectNode json) {
        PurchasePaid purchase = parse(json);
        InvoiceDraft draft = computed(purchase);
        int scale = draft.isHuf() ? 0 : 2;
        BigDecimal invoiced = draft.grossTotal();
        BigDecimal paid = BigDecimal.ZERO;
        boolean exactlyRepresentable = true;
        for (PurchaseLine line : purchase.lines()) {
            BigDecimal amount = line.unitPrice().multiply(line.quantity());
            exactlyRepresentable &= amount.stripTrailingZeros().scale() <= scale;
            paid = paid.add(amount.setScale(scale, RoundingMode.HALF_UP));
        }
        // each line's charge rounded to what can be paid (whole forints / cents), summed
        assertThat(invoiced).isEqualByComparingTo(paid);
        if (exactlyRepresentable) {
            BigDecimal exact = purchase.lines().stream().map(l -> l.unitPrice().multiply(l.quantity()))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(invoiced).isEqualByComparingTo(exact);
        }
    }

    static PurchasePaid parse(JsonNode json) {
        ParseResult result = PurchaseMessages.parse(json.toString());
        assertThat(result).as("%s", result).isInstanceOf(ParseResult.Valid.class);
        return (PurchasePaid) ((ParseResult.Valid) result).message();
    }

    static InvoiceDraft computed(PurchasePaid purchase) {
        DraftResult result = InvoiceCalculator.draft(purchase);
        assertThat(result).as("%s", result).isInstanceOf(DraftResult.Computed.class);
        return ((DraftResult.Computed) result).draft();
    }
}
