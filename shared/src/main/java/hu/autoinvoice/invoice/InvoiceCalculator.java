package hu.autoinvoice.invoice;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place where a paid purchase becomes an invoice: per-line rounding the way the vendor checks it, buyer
 * tax status, dates, ids. Pure and deterministic.
 *
 * <p>Per line, rounded half away from zero to whole forints (HUF) or to cents (other currencies):
 * <ul>
 *   <li>price includes VAT: gross = round(unitPrice × qty); VAT = round(gross × rate / (100 + rate));
 *       net = gross − VAT; net unit price = net / qty to {@value #NET_UNIT_PRICE_SCALE} decimals. The invoice total
 *       is then exactly what was paid. VAT differs from net × rate / 100 by at most 0.5 × (1 + rate/100) units of
 *       the last place (&lt; 0.64 HUF), and from its rounded value by at most 1.</li>
 *   <li>net price: net = round(unitPrice × qty); VAT = round(net × rate / 100); gross = net + VAT; net unit price =
 *       the unit price as sent, unless unitPrice × qty is not a whole amount (e.g. 100.50 HUF), then net / qty like
 *       above, so that every line satisfies |netUnitPrice × qty − net| ≤ qty × 5e-7.</li>
 * </ul>
 * Special VAT codes ({@code AAM}, {@code TAM}, …) carry no VAT: gross = net.
 */
public final class InvoiceCalculator {

    /** Decimals of a computed net unit price: |netUnitPrice × qty − net| ≤ qty × 5e-7 (≤ 0.05 for the largest qty). */
    public static final int NET_UNIT_PRICE_SCALE = 6;

    /** Invoice dates are days in this zone. */
    public static final ZoneId INVOICE_ZONE = ZoneId.of("Europe/Budapest");

    /** The bank whose exchange rate the vendor applies to a non-HUF invoice. */
    public static final String EXCHANGE_RATE_BANK = "MNB";

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private InvoiceCalculator() {
    }

    /** The invoice for {@code purchase}, or why it cannot be issued. */
    public static DraftResult draft(PurchasePaid purchase) {
        Optional<DraftResult.Refused> refusal = check(purchase);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        boolean huf = "HUF".equals(purchase.currency());
        int scale = huf ? 0 : 2;
        List<InvoiceLine> lines = new ArrayList<>(purchase.lines().size());
        for (PurchaseLine line : purchase.lines()) {
            lines.add(computeLine(line, scale));
        }
        Optional<DraftResult.Refused> discountRefusal = checkDiscounts(purchase.lines(), lines);
        if (discountRefusal.isPresent()) {
            return discountRefusal.get();
        }
        LocalDate day = LocalDate.ofInstant(purchase.paidAt(), INVOICE_ZONE);
        return new DraftResult.Computed(new InvoiceDraft(
                ExternalIds.of(purchase.accountId(), purchase.purchaseId()),
                purchase.purchaseId(),
                day,
                day,
                purchase.paymentMethod(),
                true,
                purchase.currency(),
                huf ? Optional.empty() : Optional.of(EXCHANGE_RATE_BANK),
                purchase.language(),
                Optional.empty(),
                purchase.buyer(),
                lines));
    }

    /** One line's amounts, rounded to {@code scale} decimals (0 for HUF, 2 otherwise). */
    static InvoiceLine computeLine(PurchaseLine line, int scale) {
        BigDecimal qty = line.quantity();
        BigDecimal rate = line.vat().percent();
        BigDecimal net;
        BigDecimal vat;
        BigDecimal gross;
        BigDecimal netUnitPrice;
        if (line.priceIncludesVat()) {
            gross = round(line.unitPrice().multiply(qty), scale);
            vat = vatOfGross(gross, rate, scale);
            net = gross.subtract(vat);
            netUnitPrice = plain(net.divide(qty, NET_UNIT_PRICE_SCALE, RoundingMode.HALF_UP));
        } else {
            BigDecimal exactNet = line.unitPrice().multiply(qty);
            net = round(exactNet, scale);
            vat = net.multiply(rate).divide(HUNDRED, scale, RoundingMode.HALF_UP);
            gross = net.add(vat);
            netUnitPrice = exactNet.compareTo(net) == 0
                    ? line.unitPrice()
                    : plain(net.divide(qty, NET_UNIT_PRICE_SCALE, RoundingMode.HALF_UP));
        }
        return new InvoiceLine(line.name(), qty, line.unit(), netUnitPrice, line.vat(), net, vat, gross,
                line.comment());
    }

    /**
     * The VAT contained in a gross amount: gross × rate / (100 + rate), rounded half up to {@code scale} decimals (the
     * gross-priced line's rule, for invoices and receipts alike; net is then gross − VAT, so net + VAT = gross exactly).
     */
    public static BigDecimal vatOfGross(BigDecimal gross, BigDecimal ratePercent, int scale) {
        return gross.multiply(ratePercent).divide(HUNDRED.add(ratePercent), scale, RoundingMode.HALF_UP);
    }

    private static Optional<DraftResult.Refused> check(PurchasePaid purchase) {
        if (!ExternalIds.isValidId(purchase.accountId())) {
            return refuse("accountId", "must be 1-64 characters: letters, digits, '.', '_', '-'");
        }
        if (!ExternalIds.isValidId(purchase.purchaseId())) {
            return refuse("purchaseId", "must be 1-64 characters: letters, digits, '.', '_', '-'");
        }
        if (!purchase.currency().matches("[A-Z]{3}")) {
            return refuse("currency", "must be an ISO 4217 code such as HUF or EUR");
        }
        Buyer buyer = purchase.buyer();
        switch (buyer.type()) {
            case HU_COMPANY -> {
                if (buyer.taxNumber().isEmpty()) {
                    return refuse("buyer.taxNumber", "is required for a hu_company buyer");
                }
            }
            case EU_COMPANY -> {
                if (buyer.euVatNumber().isEmpty()) {
                    return refuse("buyer.euVatNumber", "is required for an eu_company buyer");
                }
            }
            case PERSON, NON_EU_COMPANY -> {
                // no tax id on the invoice
            }
        }
        List<PurchaseLine> lines = purchase.lines();
        if (lines.isEmpty()) {
            return refuse("lines", "must contain at least one line");
        }
        if (lines.size() > PurchaseMessages.MAX_LINES) {
            return refuse("lines", "must contain at most " + PurchaseMessages.MAX_LINES + " lines");
        }
        VatRate discounted = null;
        for (int i = 0; i < lines.size(); i++) {
            PurchaseLine line = lines.get(i);
            String at = "lines[" + i + "]";
            if (!VatRates.isKnown(line.vat())) {
                return refuse(at + ".vat", "is not a VAT rate or code the vendor accepts");
            }
            if (line.quantity().signum() <= 0) {
                return refuse(at + ".quantity", "must be greater than 0");
            }
            if (line.isDiscount()) {
                if (discounted == null) {
                    return refuse(at + ".unitPrice",
                            "a discount (negative unit price) must follow the line it discounts");
                }
                if (!discounted.equals(line.vat())) {
                    return refuse(at + ".vat", "a discount must have the VAT rate of the line it discounts ("
                            + discounted.agentValue() + ")");
                }
            } else {
                discounted = line.vat();
            }
        }
        return Optional.empty();
    }

    /** A discount may not exceed the line it discounts, and the invoice total may not be negative. */
    private static Optional<DraftResult.Refused> checkDiscounts(List<PurchaseLine> sent, List<InvoiceLine> lines) {
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal group = BigDecimal.ZERO;
        int groupStart = -1;
        for (int i = 0; i < lines.size(); i++) {
            BigDecimal gross = lines.get(i).grossAmount();
            total = total.add(gross);
            if (!sent.get(i).isDiscount()) {
                group = gross;
                groupStart = i;
            } else {
                group = group.add(gross);
                if (group.signum() < 0) {
                    return refuse("lines[" + i + "].unitPrice",
                            "the discounts exceed the line they discount (lines[" + groupStart + "])");
                }
            }
        }
        if (total.signum() < 0) {
            return refuse("lines", "the invoice total must not be negative");
        }
        return Optional.empty();
    }

    private static Optional<DraftResult.Refused> refuse(String field, String reason) {
        return Optional.of(new DraftResult.Refused(field, reason));
    }

    private static BigDecimal round(BigDecimal value, int scale) {
        return value.setScale(scale, RoundingMode.HALF_UP);
    }

    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
