package hu.autoinvoice.local.agent;

import hu.autoinvoice.agent.AgentErrorCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The vendor's per-line arithmetic checks: net = unit price × quantity (259), VAT = net × rate / 100 (260),
 * gross = net + VAT (261); an unknown {@code afakulcs} is 395.
 *
 * <p>Tolerance: 1 HUF on HUF lines (observed: the vendor accepted 0.5–2 HUF and refused 5 HUF), 0.01 on other
 * currencies. HUF lines must also carry whole-forint net and VAT values (259 / 260 otherwise).
 */
final class LineArithmetic {

    /** Percentages listed in the vendor docs. */
    private static final List<BigDecimal> RATES = List.of("0", "1", "2", "2.1", "3", "4", "4.8", "5", "5.5", "6", "7",
            "7.7", "8", "8.1", "9", "9.5", "10", "11", "12", "13", "13.5", "14", "15", "16", "17", "18", "19", "20", "21",
            "22", "23", "24", "25", "25.5", "26", "27").stream().map(BigDecimal::new).toList();

    /** Special codes (current and legacy); all carry zero VAT. */
    static final Set<String> SPECIAL_CODES = Set.of("TAHK", "TAM", "AAM", "EUT", "EUKT", "F.AFA", "K.AFA", "HO", "EUE",
            "EUFADE", "EUFAD37", "ATK", "NAM", "EAM", "KBAUK", "KBAET", "EU", "EUK", "MAA", "ÁKK", "TEHK");

    private static final BigDecimal HUF_TOLERANCE = BigDecimal.ONE;
    private static final BigDecimal OTHER_TOLERANCE = new BigDecimal("0.01");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** A refused line: the error and a message naming the line. */
    record Violation(AgentErrorCode error, String message) {
    }

    private LineArithmetic() {
    }

    static boolean isHuf(String currency) {
        return currency != null && (currency.equalsIgnoreCase("HUF") || currency.equalsIgnoreCase("Ft"));
    }

    /** The percentage of a numeric {@code afakulcs}, zero for a special code, empty when not understood. */
    static Optional<BigDecimal> rate(String afakulcs) {
        if (afakulcs == null) {
            return Optional.empty();
        }
        String value = afakulcs.trim();
        if (SPECIAL_CODES.contains(value.toUpperCase(Locale.ROOT))) {
            return Optional.of(BigDecimal.ZERO);
        }
        try {
            BigDecimal percent = new BigDecimal(value);
            return RATES.stream().filter(r -> r.compareTo(percent) == 0).findFirst();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static boolean isSpecialCode(String afakulcs) {
        return afakulcs != null && SPECIAL_CODES.contains(afakulcs.trim().toUpperCase(Locale.ROOT));
    }

    /** The first violation among invoice lines, in line order and check order (395, 259, 260, 261). */
    static Optional<Violation> check(String currency, List<SimRequest.Line> lines) {
        return check(currency, lines, false);
    }

    /**
     * The first violation among receipt lines (research §2.12): like an invoice's, except that a HUF receipt line
     * carries a whole-forint gross (363), net and VAT with at most 2 decimals (364, 365) and net + VAT exactly equal to
     * the gross (261, no tolerance); net = unit price × quantity and VAT = net × rate keep the invoice tolerance.
     */
    static Optional<Violation> checkReceipt(String currency, List<SimRequest.Line> lines) {
        return check(currency, lines, true);
    }

    private static Optional<Violation> check(String currency, List<SimRequest.Line> lines, boolean receipt) {
        boolean huf = isHuf(currency);
        BigDecimal tolerance = huf ? HUF_TOLERANCE : OTHER_TOLERANCE;
        for (int i = 0; i < lines.size(); i++) {
            SimRequest.Line line = lines.get(i);
            String where = " (" + (i + 1) + ". tétel: " + line.name() + ")";
            Optional<BigDecimal> rate = rate(line.vatRate());
            if (rate.isEmpty()) {
                return violation(AgentErrorCode.VAT_RATE_INVALID, ": " + line.vatRate() + where);
            }
            if (receipt && huf) {
                if (!whole(line.gross())) {
                    return violation(AgentErrorCode.RECEIPT_GROSS_NOT_WHOLE, where);
                }
                if (line.net().stripTrailingZeros().scale() > 2) {
                    return violation(AgentErrorCode.RECEIPT_NET_TOO_PRECISE, where);
                }
                if (line.vat().stripTrailingZeros().scale() > 2) {
                    return violation(AgentErrorCode.RECEIPT_VAT_TOO_PRECISE, where);
                }
            }
            boolean wholeForints = huf && !receipt;
            BigDecimal expectedNet = line.unitPrice().multiply(line.quantity());
            if ((wholeForints && !whole(line.net()))
                    || line.net().subtract(expectedNet).abs().compareTo(tolerance) > 0) {
                return violation(AgentErrorCode.LINE_NET_INVALID, where);
            }
            BigDecimal expectedVat = line.net().multiply(rate.get()).divide(HUNDRED, 6, RoundingMode.HALF_UP);
            if ((wholeForints && !whole(line.vat()))
                    || line.vat().subtract(expectedVat).abs().compareTo(tolerance) > 0) {
                return violation(AgentErrorCode.LINE_VAT_INVALID, where);
            }
            BigDecimal grossTolerance = receipt && huf ? BigDecimal.ZERO : tolerance;
            if (line.gross().subtract(line.net().add(line.vat())).abs().compareTo(grossTolerance) > 0) {
                return violation(AgentErrorCode.LINE_GROSS_INVALID, where);
            }
        }
        return Optional.empty();
    }

    private static Optional<Violation> violation(AgentErrorCode error, String detail) {
        return Optional.of(new Violation(error, error.hungarian() + detail));
    }

    private static boolean whole(BigDecimal value) {
        return value.stripTrailingZeros().scale() <= 0;
    }
}
