package hu.autoinvoice.invoice;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A line's VAT: a percentage ({@code 27}, {@code 18}, {@code 5}, {@code 0}, …) or one of the vendor's special
 * codes ({@code AAM}, {@code TAM}, …), which carry no VAT (gross = net).
 *
 * @param agentValue exactly what goes into the request's {@code afakulcs}
 * @param percent the rate in percent; zero for the special codes
 */
public record VatRate(String agentValue, BigDecimal percent) {
    public VatRate {
        Objects.requireNonNull(agentValue, "agentValue");
        Objects.requireNonNull(percent, "percent");
    }

    /** True for the special codes (no percentage). */
    public boolean isSpecialCode() {
        return !agentValue.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }
}
