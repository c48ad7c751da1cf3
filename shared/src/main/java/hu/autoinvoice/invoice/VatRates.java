package hu.autoinvoice.invoice;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The VAT values the vendor accepts in {@code afakulcs} (research §7.1): its list of percentages and its special
 * codes. The purchase message's {@code vat} must be exactly one of these strings; anything else is refused before
 * a send (the vendor would answer 52 or 395).
 */
final class VatRates {

    /** Percentages accepted by the vendor, as written in the message and sent to the vendor. */
    public static final List<String> PERCENTAGES = List.of(
            "0", "1", "2", "2.1", "3", "4", "4.8", "5", "5.5", "6", "7", "7.7", "8", "8.1", "9", "9.5", "10", "11",
            "12", "13", "13.5", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "25.5",
            "26", "27");

    /** Special codes (no percentage: zero VAT, gross = net). Legacy codes are not accepted in new messages. */
    public static final List<String> SPECIAL_CODES = List.of(
            "TAHK", "TAM", "AAM", "EUT", "EUKT", "F.AFA", "K.AFA", "HO", "EUE", "EUFADE", "EUFAD37", "ATK", "NAM",
            "EAM", "KBAUK", "KBAET");

    private static final Map<String, VatRate> BY_VALUE;

    static {
        Map<String, VatRate> byValue = new LinkedHashMap<>();
        PERCENTAGES.forEach(p -> byValue.put(p, new VatRate(p, new BigDecimal(p))));
        SPECIAL_CODES.forEach(c -> byValue.put(c, new VatRate(c, BigDecimal.ZERO)));
        BY_VALUE = Map.copyOf(byValue);
    }

    private VatRates() {
    }

    /** The rate for a message value such as {@code "27"} or {@code "AAM"}; empty when the vendor would not accept it. */
    public static Optional<VatRate> parse(String value) {
        return Optional.ofNullable(value == null ? null : BY_VALUE.get(value));
    }

    /** True when {@code rate} is one the vendor accepts, with the percentage that belongs to its value. */
    public static boolean isKnown(VatRate rate) {
        return rate != null && rate.equals(BY_VALUE.get(rate.agentValue()));
    }

    /** Every accepted value, percentages first. */
    public static Set<String> values() {
        return BY_VALUE.keySet();
    }
}
