package hu.autoinvoice.invoice;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators of valid purchase messages as JSON trees (what the checkout backend may send). */
final class PurchaseJsonArbitraries {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> WORDS = List.of("Napijegy", "Sziget", "2027", "Fesztivál", "bérlet", "Ünnepi",
            "koncert", "Őszi", "műsor", "VIP", "—", "–", "&", "\"idézet\"", "<b>", "O'Brien", "Zoë", "🎫", "𝄞", "Straße",
            "Łódź", "Ярмарка", "東京", "a/b", "#1", "100%", "x\u00A0y");
    private static final List<String> ID_CHARS =
            List.of("A", "z", "0", "9", "-", "_", ".", "P", "q", "7");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private PurchaseJsonArbitraries() {
    }

    static Arbitrary<String> ids() {
        Arbitrary<String> first = Arbitraries.of("A", "b", "Z", "0", "7", "P");
        Arbitrary<String> rest = Arbitraries.of(ID_CHARS).list().ofMaxSize(63).map(l -> String.join("", l));
        return Combinators.combine(first, rest).as(String::concat);
    }

    /** Non-blank single-line text of at most {@code max} code points. */
    static Arbitrary<String> label(int max) {
        return Arbitraries.of(WORDS).list().ofMinSize(1).ofMaxSize(8)
                .map(words -> truncate(String.join(" ", words), max))
                .filter(s -> !s.isBlank());
    }

    /** Free text, possibly with tabs and line breaks. */
    static Arbitrary<String> text(int max) {
        return Arbitraries.of(WORDS).list().ofMinSize(0).ofMaxSize(8)
                .map(words -> truncate(String.join("\n", words).replace("VIP", "VIP\t"), max));
    }

    static Arbitrary<String> timestamps() {
        Arbitrary<Long> seconds = Arbitraries.longs()
                .between(Instant.parse("2000-01-02T00:00:00Z").getEpochSecond(),
                        Instant.parse("2099-12-30T00:00:00Z").getEpochSecond());
        Arbitrary<Integer> offsetMinutes = Arbitraries.of(0, 0, 60, 120, -300, 330, 345, 840, -720, -150);
        Arbitrary<String> fraction = Arbitraries.strings().numeric().ofMaxLength(9)
                .map(f -> f.isEmpty() ? "" : "." + f);
        Arbitrary<Boolean> zulu = Arbitraries.of(true, false);
        return Combinators.combine(seconds, offsetMinutes, fraction, zulu).as((s, off, frac, z) -> {
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(off * 60);
            String local = LocalDateTime.ofEpochSecond(s, 0, offset).format(LOCAL);
            String zone = off == 0 && z ? "Z" : offset.getId().equals("Z") ? "+00:00" : offset.getId();
            return local + frac + zone;
        });
    }

    /** A positive quantity string: mostly small whole numbers. */
    static Arbitrary<BigDecimal> quantities() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(1, 20).map(BigDecimal::valueOf)),
                Tuple.of(2, Arbitraries.integers().between(1, 99_999_999)
                        .map(i -> BigDecimal.valueOf(i, 3))),
                Tuple.of(1, Arbitraries.integers().between(1, 99_999).map(BigDecimal::valueOf)),
                Tuple.of(1, Arbitraries.integers().between(1, 999).map(i -> BigDecimal.valueOf(i, 3))));
    }

    /** A non-negative unit price: whole forints mostly for HUF, cents otherwise. */
    static Arbitrary<BigDecimal> unitPrices(boolean huf) {
        Arbitrary<BigDecimal> cents = Arbitraries.longs().between(0, 99_999_999_999L).map(c -> BigDecimal.valueOf(c, 2));
        Arbitrary<BigDecimal> smallCents = Arbitraries.longs().between(0, 10_000_000L).map(c -> BigDecimal.valueOf(c, 2));
        Arbitrary<BigDecimal> whole = Arbitraries.longs().between(0, 999_999_999L).map(BigDecimal::valueOf);
        Arbitrary<BigDecimal> tickets = Arbitraries.integers().between(1, 200_000).map(BigDecimal::valueOf);
        return huf
                ? Arbitraries.frequencyOf(Tuple.of(6, tickets), Tuple.of(2, whole), Tuple.of(2, smallCents))
                : Arbitraries.frequencyOf(Tuple.of(6, smallCents), Tuple.of(2, cents), Tuple.of(1, tickets));
    }

    static Arbitrary<ObjectNode> buyers() {
        Arbitrary<String> type = Arbitraries.of("person", "hu_company", "eu_company", "non_eu_company");
        Arbitrary<String> taxNumber = Arbitraries.strings().numeric().ofLength(11)
                .map(d -> d.substring(0, 8) + "-" + d.charAt(8) + "-" + d.substring(9));
        Arbitrary<String> euVat = Combinators.combine(Arbitraries.of("DE", "AT", "EL", "FR", "XI", "SK"),
                Arbitraries.strings().withChars("0123456789ABCZ+*").ofMinLength(2).ofMaxLength(12)).as(String::concat);
        Arbitrary<Optional<String>> email = Arbitraries.of("anna@example.hu", "a.b+c@sub.example.com", "ügyfél@példa.hu")
                .optional(0.7);
        Arbitrary<Boolean> explicitNulls = Arbitraries.of(true, false);
        return Combinators.combine(type, label(200), email, Arbitraries.of("HU", "DE", "US", "AT"),
                        label(16), label(100), label(200), Combinators.combine(taxNumber, euVat, explicitNulls).as(List::of))
                .as((t, name, mail, country, postal, city, address, ids) -> {
                    ObjectNode b = NODES.objectNode();
                    b.put("type", t);
                    b.put("name", name);
                    mail.ifPresent(m -> b.put("email", m));
                    b.put("country", country);
                    b.put("postalCode", postal);
                    b.put("city", city);
                    b.put("address", address);
                    boolean nulls = (Boolean) ids.get(2);
                    if (t.equals("hu_company")) {
                        b.put("taxNumber", (String) ids.get(0));
                    } else if (nulls) {
                        b.putNull("taxNumber");
                    }
                    if (t.equals("eu_company")) {
                        b.put("euVatNumber", (String) ids.get(1));
                    } else if (nulls) {
                        b.putNull("euVatNumber");
                    }
                    return b;
                });
    }

    /** A line, and perhaps a discount line after it (same VAT, never more than the line). */
    static Arbitrary<List<ObjectNode>> lineGroups(boolean huf) {
        Arbitrary<String> vat = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of("27", "18", "5")),
                Tuple.of(2, Arbitraries.of(VatRates.PERCENTAGES)),
                Tuple.of(2, Arbitraries.of(VatRates.SPECIAL_CODES)));
        Arbitrary<Optional<Integer>> discountPercent = Arbitraries.integers().between(0, 100).optional(0.25);
        return Combinators.combine(label(200), quantities(), Arbitraries.of("db", "pcs", "jegy", "óra"),
                        unitPrices(huf), Arbitraries.of(true, true, true, false), vat,
                        text(500).optional(0.5), discountPercent)
                .as((name, qty, unit, price, includesVat, rate, comment, discount) -> {
                    ObjectNode line = line(name, qty, unit, price, includesVat, rate, comment);
                    BigDecimal amount = price.multiply(qty);
                    if (discount.isEmpty() || amount.compareTo(new BigDecimal("100000000")) >= 0) {
                        return List.of(line);
                    }
                    BigDecimal off = amount.multiply(BigDecimal.valueOf(discount.get()))
                            .divide(BigDecimal.valueOf(100), 2, RoundingMode.DOWN);
                    if (huf) {
                        off = off.setScale(0, RoundingMode.DOWN);
                    }
                    return List.of(line, line("Kedvezmény " + discount.get() + "%", BigDecimal.ONE, unit,
                            off.negate(), includesVat, rate, Optional.empty()));
                });
    }

    private static ObjectNode line(String name, BigDecimal qty, String unit, BigDecimal price, boolean includesVat,
            String vat, Optional<String> comment) {
        ObjectNode line = NODES.objectNode();
        line.put("name", name);
        line.put("quantity", qty.toPlainString());
        line.put("unit", unit);
        line.put("unitPrice", price.toPlainString());
        line.put("priceIncludesVat", includesVat);
        line.put("vat", vat);
        comment.ifPresent(c -> line.put("comment", c));
        return line;
    }

    /** A valid {@code purchase.paid} message. */
    static Arbitrary<ObjectNode> purchases() {
        return Arbitraries.of("HUF", "HUF", "HUF", "EUR", "USD", "CHF").flatMap(PurchaseJsonArbitraries::purchases);
    }

    static Arbitrary<ObjectNode> purchases(String currency) {
        boolean huf = currency.equals("HUF");
        Arbitrary<List<ObjectNode>> lines = lineGroups(huf).list().ofMinSize(1).ofMaxSize(8)
                .map(groups -> groups.stream().flatMap(List::stream).limit(PurchaseMessages.MAX_LINES).toList());
        Arbitrary<Optional<Boolean>> sendEmail = Arbitraries.of(true, false).optional(0.8);
        return Combinators.combine(ids(), ids(), timestamps(), Arbitraries.of("card", "transfer", "cash", "voucher", "szep_card"),
                        Arbitraries.of(InvoiceLanguage.values()).map(InvoiceLanguage::isoCode), buyers(), lines, sendEmail)
                .as((purchaseId, accountId, paidAt, method, language, buyer, lineNodes, send) -> {
                    ObjectNode m = NODES.objectNode();
                    m.put("type", "purchase.paid");
                    m.put("version", 1);
                    m.put("purchaseId", purchaseId);
                    m.put("accountId", accountId);
                    m.put("paidAt", paidAt);
                    m.put("currency", currency);
                    m.put("paymentMethod", method);
                    m.put("language", language);
                    m.set("buyer", buyer);
                    ArrayNode array = m.putArray("lines");
                    lineNodes.forEach(array::add);
                    send.ifPresent(s -> m.put("sendEmail", s));
                    return m;
                });
    }

    /** A valid {@code purchase.refunded} message. */
    static Arbitrary<ObjectNode> refunds() {
        return Combinators.combine(ids(), ids(), timestamps(), text(500).optional(0.6), Arbitraries.of(true, false))
                .as((purchaseId, accountId, at, reason, explicitNull) -> {
                    ObjectNode m = NODES.objectNode();
                    m.put("type", "purchase.refunded");
                    m.put("version", 1);
                    m.put("purchaseId", purchaseId);
                    m.put("accountId", accountId);
                    m.put("refundedAt", at);
                    reason.ifPresentOrElse(r -> m.put("reason", r), () -> {
                        if (explicitNull) {
                            m.putNull("reason");
                        }
                    });
                    return m;
                });
    }

    static Arbitrary<ObjectNode> messages() {
        return Arbitraries.frequencyOf(Tuple.of(4, purchases()), Tuple.of(1, refunds()));
    }

    private static String truncate(String s, int maxCodePoints) {
        if (s.codePointCount(0, s.length()) <= maxCodePoints) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, maxCodePoints));
    }
}
