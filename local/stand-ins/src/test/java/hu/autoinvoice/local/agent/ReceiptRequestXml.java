package hu.autoinvoice.local.agent;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds receipt requests (xmlnyugtacreate / xmlnyugtast / xmlnyugtaget / xmlnyugtasend) the way a client sends them. */
final class ReceiptRequestXml {

    static final String CREATE = "action-szamla_agent_nyugta_create";
    static final String STORNO = "action-szamla_agent_nyugta_storno";
    static final String GET = "action-szamla_agent_nyugta_get";
    static final String SEND = "action-szamla_agent_nyugta_send";

    /** One receipt line as sent. */
    record Line(String name, String quantity, String unitPrice, String rate, String net, String vat, String gross) {
    }

    /** One payment. */
    record Payment(String means, String amount) {
    }

    private final String key;
    private String callId;
    private String prefix = "NYGT";
    private String paymentMethod = "bankkártya";
    private String currency = "HUF";
    private String orderNumber;
    private boolean pdf;
    private final List<Line> lines = new ArrayList<>();
    private final List<Payment> payments = new ArrayList<>();
    private boolean withoutPrefix;

    private ReceiptRequestXml(String key) {
        this.key = key;
    }

    /** A receipt with one 27% ticket line of 4 990 Ft gross, prefix NYGT. */
    static ReceiptRequestXml receipt(String key) {
        return new ReceiptRequestXml(key);
    }

    /**
     * A gross-only line of one piece in whole forints: net = gross / (1 + rate / 100) rounded half-up to 2 decimals,
     * VAT = gross − net (so net + VAT is exactly the gross); a special code (AAM …) has zero VAT.
     */
    static Line grossLine(String name, long gross, String rate) {
        BigDecimal g = BigDecimal.valueOf(gross);
        BigDecimal percent = rate.chars().allMatch(c -> Character.isDigit(c) || c == '.') ? new BigDecimal(rate)
                : BigDecimal.ZERO;
        BigDecimal net = g.multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(100).add(percent), 2,
                RoundingMode.HALF_UP);
        BigDecimal vat = g.subtract(net);
        return new Line(name, "1", net.toPlainString(), rate, net.toPlainString(), vat.toPlainString(),
                g.toPlainString());
    }

    ReceiptRequestXml callId(String value) {
        this.callId = value;
        return this;
    }

    ReceiptRequestXml prefix(String value) {
        this.prefix = value;
        return this;
    }

    ReceiptRequestXml noPrefix() {
        this.withoutPrefix = true;
        return this;
    }

    ReceiptRequestXml currency(String value) {
        this.currency = value;
        return this;
    }

    ReceiptRequestXml orderNumber(String value) {
        this.orderNumber = value;
        return this;
    }

    ReceiptRequestXml pdf(boolean value) {
        this.pdf = value;
        return this;
    }

    ReceiptRequestXml line(Line line) {
        lines.add(line);
        return this;
    }

    ReceiptRequestXml payment(String means, String amount) {
        payments.add(new Payment(means, amount));
        return this;
    }

    byte[] bytes() {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<xmlnyugtacreate xmlns=\"http://www.szamlazz.hu/xmlnyugtacreate\">\n  <beallitasok>");
        el(x, "szamlaagentkulcs", key);
        el(x, "pdfLetoltes", Boolean.toString(pdf));
        x.append("</beallitasok>\n  <fejlec>");
        if (callId != null) {
            el(x, "hivasAzonosito", callId);
        }
        if (!withoutPrefix) {
            el(x, "elotag", prefix);
        }
        el(x, "fizmod", paymentMethod);
        el(x, "penznem", currency);
        if (orderNumber != null) {
            el(x, "rendelesSzam", orderNumber);
        }
        x.append("</fejlec>\n  <tetelek>");
        List<Line> sent = lines.isEmpty() ? List.of(grossLine("Belépőjegy", 4990, "27")) : lines;
        for (Line l : sent) {
            x.append("<tetel>");
            el(x, "megnevezes", l.name());
            el(x, "mennyiseg", l.quantity());
            el(x, "mennyisegiEgyseg", "db");
            el(x, "nettoEgysegar", l.unitPrice());
            el(x, "afakulcs", l.rate());
            el(x, "netto", l.net());
            el(x, "afa", l.vat());
            el(x, "brutto", l.gross());
            x.append("</tetel>");
        }
        x.append("</tetelek>\n");
        if (!payments.isEmpty()) {
            x.append("  <kifizetesek>");
            for (Payment p : payments) {
                x.append("<kifizetes>");
                el(x, "fizetoeszkoz", p.means());
                el(x, "osszeg", p.amount());
                x.append("</kifizetes>");
            }
            x.append("</kifizetesek>\n");
        }
        return x.append("</xmlnyugtacreate>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] storno(String key, String number, String callId, boolean pdf) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<xmlnyugtast xmlns=\"http://www.szamlazz.hu/xmlnyugtast\"><beallitasok>");
        el(x, "szamlaagentkulcs", key);
        el(x, "pdfLetoltes", Boolean.toString(pdf));
        x.append("</beallitasok><fejlec>");
        el(x, "nyugtaszam", number);
        if (callId != null) {
            el(x, "hivasAzonosito", callId);
        }
        return x.append("</fejlec></xmlnyugtast>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A get by number or call id; {@code orderNumber} is not in the vendor's published XSD (answered 57). */
    static byte[] get(String key, String number, String callId, String orderNumber, boolean pdf) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<xmlnyugtaget xmlns=\"http://www.szamlazz.hu/xmlnyugtaget\"><beallitasok>");
        el(x, "szamlaagentkulcs", key);
        el(x, "pdfLetoltes", Boolean.toString(pdf));
        x.append("</beallitasok><fejlec>");
        if (number != null) {
            el(x, "nyugtaszam", number);
        }
        if (callId != null) {
            el(x, "hivasAzonosito", callId);
        }
        if (orderNumber != null) {
            el(x, "rendelesSzam", orderNumber);
        }
        return x.append("</fejlec></xmlnyugtaget>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] send(String key, String number, String email, String subject) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<xmlnyugtasend xmlns=\"http://www.szamlazz.hu/xmlnyugtasend\"><beallitasok>");
        el(x, "szamlaagentkulcs", key);
        x.append("</beallitasok><fejlec>");
        el(x, "nyugtaszam", number);
        x.append("</fejlec><emailKuldes>");
        if (email != null) {
            el(x, "email", email);
        }
        if (subject != null) {
            el(x, "emailTargy", subject);
        }
        el(x, "emailSzoveg", "Köszönjük a vásárlást!");
        return x.append("</emailKuldes></xmlnyugtasend>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void el(StringBuilder x, String name, String value) {
        x.append('<').append(name).append('>').append(Xml.escape(value)).append("</").append(name).append('>');
    }
}
