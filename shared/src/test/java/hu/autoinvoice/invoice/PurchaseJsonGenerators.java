package hu.autoinvoice.invoice;

import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators of valid purchase messages as JSON trees (what the checkout backend may send: purchases,
 * refunds and amendments): every currency kind, all accepted VAT percentages and special codes, the four buyer types,
 * discounts, whole and fractional quantities, gross- and net-priced lines, and hostile text (XML metacharacters,
 * {@code ]]>}, bidi controls, emoji and other astral characters, names filled up to their length limit).
 */
public final class PurchaseJsonGenerators {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Words for names, addresses and comments; several are hostile to XML and to naive text handling. */
    private static final List<String> WORDS = List.of("Napijegy", "Sziget", "2027", "Fesztivál", "bérlet", "Ünnepi",
            "koncert", "Őszi", "műsor", "VIP", "—", "–", "&", "\"idézet\"", "<b>", "O'Brien", "Zoë", "🎫", "𝄞", "Straße",
            "Łódź", "Ярмарка", "東京", "a/b", "#1", "100%", "x\u00A0y",
            // XML metacharacters and markup look-alikes
            "<>&'\"", "]]>", "<![CDATA[", "&amp;", "&#0;", "&lt;x&gt;", "<!--", "-->", "<?xml?>", "</nev>",
            // bidirectional controls and right-to-left scripts
            "\u200F", "\u200E", "\u202Eevil\u202C", "\u2067iso\u2069", "שלום", "مرحبا",
            // astral and combining sequences, invisible characters
            "👩‍👩‍👧", "🇭🇺", "e\u0301", "a\u200Bb", "a\uFEFFb", "\uD83D\uDE00");
    /** Extra words for free text only (line breaks are allowed there, not in single-line labels). */
    private static final List<String> TEXT_ONLY_WORDS = List.of("sor\r\nvége", "\r", "tab\there");
    private static final List<String> TEXT_WORDS = Stream.concat(WORDS.stream(), TEXT_ONLY_WORDS.stream()).toList();
    private static final List<String> ID_CHARS =
            List.of("A", "z", "0", "9", "-", "_", ".", "P", "q", "7");
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private PurchaseJsonGenerators() {
    }

    /** {@code Optional.of(value)} in {@code presentPercent}% of cases, empty otherwise. */
    public static <T> Gen<Optional<T>> optional(Gen<T> gen, int presentPercent) {
        Gen<Integer> percent = Generate.range(1, 100);
        return in -> percent.generate(in) <= presentPercent ? Optional.of(gen.generate(in)) : Optional.empty();
    }

    /** A string of {@code sizes} characters, each picked from {@code chars}. */
    static Gen<String> stringsOf(List<String> chars, int minSize, int maxSize) {
        return lists().of(Generate.pick(chars)).ofSizeBetween(minSize, maxSize).map(l -> String.join("", l));
    }

    /** Purchase and account ids: 1-64 of letters, digits, '.', '_', '-', starting with a letter or digit. */
    public static Gen<String> ids() {
        Gen<String> first = Generate.pick(List.of("A", "b", "Z", "0", "7", "P"));
        return first.zip(stringsOf(ID_CHARS, 0, 63), String::concat);
    }

    /**
     * Non-blank single-line text of at most {@code max} code points: mostly a few words, sometimes words repeated up
     * to exactly {@code max} code points.
     */
    public static Gen<String> label(int max) {
        Gen<List<String>> words = lists().of(Generate.pick(WORDS)).ofSizeBetween(1, 8);
        Gen<String> few = words.map(w -> truncate(String.join(" ", w), max));
        Gen<String> full = words.map(w -> fill(String.join(" ", w) + " ", max));
        return Generate.frequency(List.of(Pair.of(9, few), Pair.of(1, full))).assuming(s -> !s.isBlank());
    }

    /** Free text of at most {@code max} code points, possibly with tabs and line breaks (LF, CR LF, CR). */
    public static Gen<String> text(int max) {
        return lists().of(Generate.pick(TEXT_WORDS)).ofSizeBetween(0, 8)
                .map(words -> truncate(String.join("\n", words).replace("VIP", "VIP\t"), max));
    }

    /** RFC 3339 timestamps 2000-2099 with various offsets, with or without fractions of a second. */
    public static Gen<String> timestamps() {
        Gen<Long> seconds = longs().between(Instant.parse("2000-01-02T00:00:00Z").getEpochSecond(),
                Instant.parse("2099-12-30T00:00:00Z").getEpochSecond());
        Gen<Integer> offsetMinutes = Generate.pick(List.of(0, 0, 60, 120, -300, 330, 345, 840, -720, -150));
        Gen<String> fraction = stringsOf(DIGITS, 0, 9).map(f -> f.isEmpty() ? "" : "." + f);
        return seconds.zip(offsetMinutes, fraction, Generate.booleans(), (s, off, frac, z) -> {
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(off * 60);
            String local = LocalDateTime.ofEpochSecond(s, 0, offset).format(LOCAL);
            String zone = off == 0 && z ? "Z" : offset.getId().equals("Z") ? "+00:00" : offset.getId();
            return local + frac + zone;
        });
    }

    /** A positive quantity: mostly small whole numbers, also up to 3 decimals and up to 99 999. */
    public static Gen<BigDecimal> quantities() {
        return Generate.frequency(List.of(
                Pair.of(6, Generate.range(1, 20).map(i -> BigDecimal.valueOf(i))),
                Pair.of(2, Generate.range(1, 99_999_999).map(i -> BigDecimal.valueOf(i, 3))),
                Pair.of(1, Generate.range(1, 99_999).map(i -> BigDecimal.valueOf(i))),
                Pair.of(1, Generate.range(1, 999).map(i -> BigDecimal.valueOf(i, 3)))));
    }

    /** A non-negative unit price: whole forints mostly for HUF, cents otherwise. */
    public static Gen<BigDecimal> unitPrices(boolean huf) {
        Gen<BigDecimal> cents = longs().between(0, 99_999_999_999L).map(c -> BigDecimal.valueOf(c, 2));
        Gen<BigDecimal> smallCents = longs().between(0, 10_000_000L).map(c -> BigDecimal.valueOf(c, 2));
        Gen<BigDecimal> whole = longs().between(0, 999_999_999L).map(l -> BigDecimal.valueOf(l));
        Gen<BigDecimal> tickets = Generate.range(1, 200_000).map(i -> BigDecimal.valueOf(i));
        return huf
                ? Generate.frequency(List.of(Pair.of(6, tickets), Pair.of(2, whole), Pair.of(2, smallCents)))
                : Generate.frequency(List.of(Pair.of(6, smallCents), Pair.of(2, cents), Pair.of(1, tickets)));
    }

    /** A buyer of any type, with the tax id its type requires; other ids absent or explicitly null. */
    public static Gen<ObjectNode> buyers() {
        Gen<String> type = Generate.pick(List.of("person", "hu_company", "eu_company", "non_eu_company"));
        Gen<String> taxNumber = stringsOf(DIGITS, 11, 11)
                .map(d -> d.substring(0, 8) + "-" + d.charAt(8) + "-" + d.substring(9));
        Gen<String> euVat = Generate.pick(List.of("DE", "AT", "EL", "FR", "XI", "SK"))
                .zip(stringsOf(chars("0123456789ABCZ+*"), 2, 12), String::concat);
        Gen<Optional<String>> email = optional(
                Generate.pick(List.of("anna@example.hu", "a.b+c@sub.example.com", "ügyfél@példa.hu")), 70);
        Gen<String> country = Generate.pick(List.of("HU", "DE", "US", "AT"));
        Gen<String> name = label(200);
        Gen<String> postal = label(16);
        Gen<String> city = label(100);
        Gen<String> address = label(200);
        Gen<Boolean> explicitNulls = Generate.booleans();
        return in -> {
            String t = type.generate(in);
            ObjectNode b = NODES.objectNode();
            b.put("type", t);
            b.put("name", name.generate(in));
            email.generate(in).ifPresent(m -> b.put("email", m));
            b.put("country", country.generate(in));
            b.put("postalCode", postal.generate(in));
            b.put("city", city.generate(in));
            b.put("address", address.generate(in));
            String tax = taxNumber.generate(in);
            String eu = euVat.generate(in);
            boolean nulls = explicitNulls.generate(in);
            if (t.equals("hu_company")) {
                b.put("taxNumber", tax);
            } else if (nulls) {
                b.putNull("taxNumber");
            }
            if (t.equals("eu_company")) {
                b.put("euVatNumber", eu);
            } else if (nulls) {
                b.putNull("euVatNumber");
            }
            return b;
        };
    }

    /** Any accepted VAT value: mostly the Hungarian rates, also every other percentage and every special code. */
    public static Gen<String> vatValues() {
        return Generate.frequency(List.of(
                Pair.of(5, Generate.pick(List.of("27", "18", "5"))),
                Pair.of(2, Generate.pick(VatRates.PERCENTAGES)),
                Pair.of(2, Generate.pick(VatRates.SPECIAL_CODES))));
    }

    /** A line, and perhaps a discount line after it (same VAT, never more than the line). */
    public static Gen<List<ObjectNode>> lineGroups(boolean huf) {
        Gen<String> name = label(200);
        Gen<BigDecimal> quantity = quantities();
        Gen<String> unit = Generate.pick(List.of("db", "pcs", "jegy", "óra"));
        Gen<BigDecimal> price = unitPrices(huf);
        Gen<Boolean> includesVat = Generate.pick(List.of(true, true, true, false));
        Gen<String> vat = vatValues();
        Gen<Optional<String>> comment = optional(text(500), 50);
        Gen<Optional<Integer>> discountPercent = optional(Generate.range(0, 100), 25);
        return in -> {
            BigDecimal qty = quantity.generate(in);
            String u = unit.generate(in);
            BigDecimal p = price.generate(in);
            boolean gross = includesVat.generate(in);
            String rate = vat.generate(in);
            ObjectNode line = line(name.generate(in), qty, u, p, gross, rate, comment.generate(in));
            Optional<Integer> discount = discountPercent.generate(in);
            BigDecimal amount = p.multiply(qty);
            if (discount.isEmpty() || amount.compareTo(new BigDecimal("100000000")) >= 0) {
                return List.of(line);
            }
            BigDecimal off = amount.multiply(BigDecimal.valueOf(discount.get()))
                    .divide(BigDecimal.valueOf(100), 2, RoundingMode.DOWN);
            if (huf) {
                off = off.setScale(0, RoundingMode.DOWN);
            }
            return List.of(line, line("Kedvezmény " + discount.get() + "%", BigDecimal.ONE, u,
                    off.negate(), gross, rate, Optional.empty()));
        };
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

    /** A valid {@code purchase.paid} message in HUF (half of them), EUR, USD or CHF. */
    public static Gen<ObjectNode> purchases() {
        return Generate.pick(List.of("HUF", "HUF", "HUF", "EUR", "USD", "CHF"))
                .flatMap(PurchaseJsonGenerators::purchases);
    }

    /** A valid {@code purchase.paid} message in {@code currency}. */
    public static Gen<ObjectNode> purchases(String currency) {
        boolean huf = currency.equals("HUF");
        Gen<List<ObjectNode>> lines = lists().of(lineGroups(huf)).ofSizeBetween(1, 8)
                .map(groups -> groups.stream().flatMap(List::stream).limit(PurchaseMessages.MAX_LINES).toList());
        Gen<Optional<Boolean>> sendEmail = optional(Generate.booleans(), 80);
        Gen<String> ids = ids();
        Gen<String> paidAt = timestamps();
        Gen<String> method = Generate.pick(List.of("card", "transfer", "cash", "voucher", "szep_card"));
        Gen<String> language = Generate.pick(Arrays.stream(InvoiceLanguage.values()).map(InvoiceLanguage::isoCode)
                .collect(Collectors.toList()));
        Gen<ObjectNode> buyers = buyers();
        return in -> {
            ObjectNode m = NODES.objectNode();
            m.put("type", "purchase.paid");
            m.put("version", 1);
            m.put("purchaseId", ids.generate(in));
            m.put("accountId", ids.generate(in));
            m.put("paidAt", paidAt.generate(in));
            m.put("currency", currency);
            m.put("paymentMethod", method.generate(in));
            m.put("language", language.generate(in));
            m.set("buyer", buyers.generate(in));
            ArrayNode array = m.putArray("lines");
            lines.generate(in).forEach(array::add);
            sendEmail.generate(in).ifPresent(s -> m.put("sendEmail", s));
            return m;
        };
    }

    /** A valid {@code purchase.refunded} message; the reason absent, explicitly null or free text. */
    public static Gen<ObjectNode> refunds() {
        Gen<String> ids = ids();
        Gen<String> at = timestamps();
        Gen<Optional<String>> reasons = optional(text(500), 60);
        Gen<Boolean> explicitNulls = Generate.booleans();
        return in -> {
            ObjectNode m = NODES.objectNode();
            m.put("type", "purchase.refunded");
            m.put("version", 1);
            m.put("purchaseId", ids.generate(in));
            m.put("accountId", ids.generate(in));
            m.put("refundedAt", at.generate(in));
            Optional<String> reason = reasons.generate(in);
            boolean explicitNull = explicitNulls.generate(in);
            reason.ifPresentOrElse(r -> m.put("reason", r), () -> {
                if (explicitNull) {
                    m.putNull("reason");
                }
            });
            return m;
        };
    }

    /**
     * A valid {@code purchase.amended} message: a generated purchase with a revision (small, large, the largest, or
     * sometimes written with a zero fraction such as {@code 3.0}) and {@code amendedAt}; in one of five nothing remains
     * ({@code lines: []}).
     */
    public static Gen<ObjectNode> amendments() {
        Gen<JsonNode> revisions = Generate.frequency(List.of(
                Pair.of(6, Generate.range(1, 10).map(i -> (JsonNode) NODES.numberNode(i))),
                Pair.of(2, Generate.range(1, Integer.MAX_VALUE).map(i -> (JsonNode) NODES.numberNode(i))),
                Pair.of(1, Generate.constant((JsonNode) NODES.numberNode(Integer.MAX_VALUE))),
                Pair.of(1, Generate.range(1, 10).map(i -> (JsonNode) NODES.numberNode(BigDecimal.valueOf(i * 10L, 1))))));
        Gen<String> amendedAt = timestamps();
        Gen<Boolean> nothingLeft = Generate.range(1, 5).map(i -> i == 1);
        return purchases().zip(revisions, amendedAt, nothingLeft, (paid, revision, at, empty) -> {
            ObjectNode m = NODES.objectNode();
            paid.fields().forEachRemaining(field -> {
                m.set(field.getKey(), field.getValue());
                if (field.getKey().equals("accountId")) {
                    m.set("revision", revision);
                    m.put("amendedAt", at);
                }
            });
            m.put("type", "purchase.amended");
            if (empty) {
                m.putArray("lines");
            }
            return m;
        });
    }

    /** Purchases (4 in 7), amendments (2 in 7) and refunds. */
    public static Gen<ObjectNode> messages() {
        return Generate.frequency(List.of(Pair.of(4, purchases()), Pair.of(2, amendments()), Pair.of(1, refunds())));
    }

    private static List<String> chars(String chars) {
        List<String> out = new ArrayList<>();
        chars.codePoints().forEach(c -> out.add(Character.toString(c)));
        return out;
    }

    /** {@code s} repeated and cut to exactly {@code codePoints} code points. */
    private static String fill(String s, int codePoints) {
        StringBuilder b = new StringBuilder(s);
        while (b.codePointCount(0, b.length()) < codePoints) {
            b.append(s);
        }
        return truncate(b.toString(), codePoints);
    }

    private static String truncate(String s, int maxCodePoints) {
        if (s.codePointCount(0, s.length()) <= maxCodePoints) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, maxCodePoints));
    }
}
