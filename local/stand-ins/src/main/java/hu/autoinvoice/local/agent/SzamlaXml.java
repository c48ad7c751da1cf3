package hu.autoinvoice.local.agent;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The XML query's success answer: a {@code szamla} document (namespace {@code http://www.szamlazz.hu/szamla}) shaped
 * like the vendor sample and valid against the vendor's {@code response/szamla.xsd}. The seller block is fixed
 * simulator data (the real vendor takes it from the account settings).
 */
final class SzamlaXml {

    private static final String NS = "http://www.szamlazz.hu/szamla";

    /** fizmodunified values of the vendor schema, matched case-insensitively; anything else is "egyéb". */
    private static final List<String> UNIFIED = List.of("átutalás", "készpénz", "bankkártya", "csekk", "utánvét",
            "ajándékutalvány", "barion", "barter", "csoportos beszedés", "OTP Simple", "kompenzáció", "kupon", "PayPal",
            "PayU", "SZÉP kártya", "utalvány", "MasterCard Mobile", "Borgun", "EP kártya", "térítésmentes", "egyéb");

    private SzamlaXml() {
    }

    static byte[] render(StoredDocument stored, byte[] pdf) {
        SimDocument d = stored.view();
        SimRequest.Create source = stored.source();
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<szamla xmlns=\"" + NS + "\">\n");
        x.append("  <szallito>");
        el(x, "id", "1");
        el(x, "nev", "Szimulált Eladó Kft.");
        x.append("<cim>");
        el(x, "orszag", "Magyarország");
        el(x, "irsz", "1051");
        el(x, "telepules", "Budapest");
        el(x, "cim", "Szimulátor utca 1.");
        x.append("</cim>");
        el(x, "adoszam", "12345678-2-41");
        x.append("</szallito>\n  <alap>");
        el(x, "id", Long.toString(d.id()));
        el(x, "szamlaszam", d.number());
        el(x, "gazdEsemAzon", Long.toString(d.id()));
        el(x, "tipus", d.type().name());
        el(x, "eszamla", d.eInvoice() ? "3" : "1");
        if (d.reverses() != null) {
            el(x, "hivszamlaszam", d.reverses());
        }
        el(x, "kelt", d.issueDate().toString());
        el(x, "telj", String.valueOf(source.fulfilmentDate()));
        el(x, "fizh", String.valueOf(source.dueDate()));
        el(x, "fizmod", source.paymentMethod());
        String unified = unified(source.paymentMethod());
        el(x, "fizmodunified", unified);
        el(x, "keszpenz", Boolean.toString(unified.equals("készpénz")));
        if (d.orderNumber() != null) {
            el(x, "rendelesszam", d.orderNumber());
        }
        el(x, "nyelv", source.language());
        el(x, "devizanem", d.currency());
        if (stored.reasonComment() != null) {
            el(x, "megjegyzes", stored.reasonComment());
        }
        el(x, "penzforg", "false");
        el(x, "kata", "false");
        el(x, "katafokonyv", "false");
        if (source.buyerEmail() != null) {
            el(x, "email", source.buyerEmail());
        }
        el(x, "teszt", "true");
        if (d.reversedBy() != null) {
            el(x, "sztornozott", "true");
        }
        x.append("</alap>\n  <vevo>");
        el(x, "nev", d.buyerName());
        x.append("<cim>");
        if (source.buyerCountry() != null) {
            el(x, "orszag", source.buyerCountry());
        }
        el(x, "irsz", source.buyerPostalCode());
        el(x, "telepules", source.buyerCity());
        el(x, "cim", source.buyerAddress());
        x.append("</cim>");
        if (source.buyerEmail() != null) {
            el(x, "email", source.buyerEmail());
        }
        el(x, "adoszam", source.buyerTaxNumber() == null ? "" : source.buyerTaxNumber());
        el(x, "lokacio", "1");
        el(x, "privatePersonIndicator", Boolean.toString(
                source.buyerTaxSubject() != null ? source.buyerTaxSubject() == -1 : source.buyerTaxNumber() == null));
        x.append("</vevo>\n  <tetelek>");
        int ordering = 1;
        for (SimRequest.Line line : stored.lines()) {
            x.append("<tetel>");
            el(x, "nev", line.name());
            el(x, "mennyiseg", AgentReplies.plain(line.quantity()));
            el(x, "mennyisegiegyseg", line.unit());
            el(x, "nettoegysegar", AgentReplies.plain(line.unitPrice()));
            rate(x, line.vatRate());
            el(x, "netto", AgentReplies.plain(line.net()));
            el(x, "afa", AgentReplies.plain(line.vat()));
            el(x, "brutto", AgentReplies.plain(line.gross()));
            if (line.comment() != null) {
                el(x, "megjegyzes", line.comment());
            }
            el(x, "sztetordering", Integer.toString(ordering++));
            x.append("</tetel>");
        }
        x.append("</tetelek>\n  ");
        totals(x, stored.lines(), d);
        x.append('\n');
        if (pdf != null) {
            x.append("  ");
            el(x, "pdf", Base64.getEncoder().encodeToString(pdf));
            x.append('\n');
        }
        x.append("</szamla>\n");
        return x.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code osszegek}: one {@code afakulcsossz} per rate in line order, then {@code totalossz} of the document — the
     * same shape in {@code szamla} and {@code xmlnyugtavalasz}.
     */
    static void totals(StringBuilder x, List<SimRequest.Line> lines, SimDocument d) {
        Map<String, BigDecimal[]> byRate = new LinkedHashMap<>();
        for (SimRequest.Line line : lines) {
            BigDecimal[] sums = byRate.computeIfAbsent(rateKey(line.vatRate()),
                    k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
            sums[0] = sums[0].add(line.net());
            sums[1] = sums[1].add(line.vat());
            sums[2] = sums[2].add(line.gross());
        }
        x.append("<osszegek>");
        byRate.forEach((rate, sums) -> {
            x.append("<afakulcsossz>");
            rate(x, rate);
            el(x, "netto", AgentReplies.plain(sums[0]));
            el(x, "afa", AgentReplies.plain(sums[1]));
            el(x, "brutto", AgentReplies.plain(sums[2]));
            x.append("</afakulcsossz>");
        });
        x.append("<totalossz>");
        el(x, "netto", AgentReplies.plain(d.net()));
        el(x, "afa", AgentReplies.plain(d.vat()));
        el(x, "brutto", AgentReplies.plain(d.gross()));
        x.append("</totalossz></osszegek>");
    }

    /** {@code afatipus} (special codes) and {@code afakulcs} (a percentage, 0 for special codes). */
    static void rate(StringBuilder x, String vatRate) {
        if (LineArithmetic.isSpecialCode(vatRate)) {
            el(x, "afatipus", vatRate.trim().toUpperCase(Locale.ROOT));
            el(x, "afakulcs", "0");
        } else {
            el(x, "afakulcs", AgentReplies.plain(LineArithmetic.rate(vatRate).orElse(BigDecimal.ZERO)));
        }
    }

    private static String rateKey(String vatRate) {
        return LineArithmetic.isSpecialCode(vatRate) ? vatRate.trim().toUpperCase(Locale.ROOT)
                : AgentReplies.plain(LineArithmetic.rate(vatRate).orElse(BigDecimal.ZERO));
    }

    static String unified(String paymentMethod) {
        if (paymentMethod == null) {
            return "egyéb";
        }
        String p = paymentMethod.trim().toLowerCase(Locale.ROOT);
        switch (p) {
            case "transfer", "atutalas", "bank transfer" -> {
                return "átutalás";
            }
            case "cash", "keszpenz" -> {
                return "készpénz";
            }
            case "card", "credit_card", "bank card", "bankkartya", "kártya" -> {
                return "bankkártya";
            }
            default -> {
                return UNIFIED.stream().filter(u -> u.toLowerCase(Locale.ROOT).equals(p)).findFirst().orElse("egyéb");
            }
        }
    }

    static void el(StringBuilder x, String name, String value) {
        x.append('<').append(name).append('>').append(Xml.escape(value)).append("</").append(name).append('>');
    }
}
