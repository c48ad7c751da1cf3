package hu.autoinvoice.local.agent;

import static hu.autoinvoice.local.agent.SzamlaXml.el;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The receipt actions' answers: {@code xmlnyugtavalasz} (create, storno, get) and {@code xmlnyugtasendvalasz} (send),
 * shaped like the vendor samples and valid against the vendor's response XSDs. Receipts answer XML only, errors
 * included ({@code sikeres=false}, {@code hibakod}, {@code hibauzenet}).
 */
final class ReceiptXml {

    static final String VALASZ_NS = "http://www.szamlazz.hu/xmlnyugtavalasz";
    static final String SEND_VALASZ_NS = "http://www.szamlazz.hu/xmlnyugtasendvalasz";

    private ReceiptXml() {
    }

    /** A success answer: the receipt, with its PDF when asked for ({@code pdfLetoltes=true}). */
    static byte[] receipt(StoredReceipt stored, byte[] pdf) {
        SimDocument d = stored.view();
        StringBuilder x = open(VALASZ_NS, "xmlnyugtavalasz");
        el(x, "sikeres", "true");
        if (pdf != null) {
            el(x, "nyugtaPdf", Base64.getEncoder().encodeToString(pdf));
        }
        x.append("\n  <nyugta><alap>");
        el(x, "id", Long.toString(d.id()));
        if (d.callId() != null) {
            el(x, "hivasAzonosito", d.callId());
        }
        el(x, "nyugtaszam", d.number());
        el(x, "tipus", d.type().name());
        el(x, "stornozott", Boolean.toString(d.reversedBy() != null));
        if (d.reverses() != null) {
            el(x, "stornozottNyugtaszam", d.reverses());
        }
        el(x, "kelt", d.issueDate().toString());
        el(x, "fizmod", stored.paymentMethod());
        el(x, "penznem", d.currency());
        if (stored.exchangeBank() != null) {
            el(x, "devizabank", stored.exchangeBank());
        }
        if (stored.exchangeRate() != null) {
            el(x, "devizaarf", AgentReplies.plain(stored.exchangeRate()));
        }
        if (stored.comment() != null) {
            el(x, "megjegyzes", stored.comment());
        }
        el(x, "teszt", "true");
        if (d.orderNumber() != null) {
            el(x, "rendelesSzam", d.orderNumber());
        }
        x.append("</alap>\n  <tetelek>");
        for (SimRequest.Line line : stored.lines()) {
            x.append("<tetel>");
            el(x, "megnevezes", line.name());
            el(x, "nettoEgysegar", AgentReplies.plain(line.unitPrice()));
            el(x, "mennyiseg", AgentReplies.plain(line.quantity()));
            el(x, "mennyisegiEgyseg", line.unit());
            el(x, "netto", AgentReplies.plain(line.net()));
            SzamlaXml.rate(x, line.vatRate());
            el(x, "afa", AgentReplies.plain(line.vat()));
            el(x, "brutto", AgentReplies.plain(line.gross()));
            x.append("</tetel>");
        }
        x.append("</tetelek>\n  ");
        if (!stored.payments().isEmpty()) {
            x.append("<kifizetesek>");
            for (SimRequest.Payment p : stored.payments()) {
                x.append("<kifizetes>");
                el(x, "fizetoeszkoz", p.means());
                el(x, "osszeg", AgentReplies.plain(p.amount()));
                if (p.description() != null) {
                    el(x, "leiras", p.description());
                }
                x.append("</kifizetes>");
            }
            x.append("</kifizetesek>\n  ");
        }
        SzamlaXml.totals(x, stored.lines(), d);
        x.append("</nyugta>\n</xmlnyugtavalasz>\n");
        return x.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A refusal in the answer shape of the action ({@code xmlnyugtasendvalasz} for send). */
    static byte[] error(SimAction action, int code, String message) {
        boolean send = action == SimAction.RECEIPT_SEND;
        String root = send ? "xmlnyugtasendvalasz" : "xmlnyugtavalasz";
        StringBuilder x = open(send ? SEND_VALASZ_NS : VALASZ_NS, root);
        el(x, "sikeres", "false");
        el(x, "hibakod", Integer.toString(code));
        el(x, "hibauzenet", message);
        return x.append("\n</").append(root).append(">\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The send's success answer. */
    static byte[] sent() {
        StringBuilder x = open(SEND_VALASZ_NS, "xmlnyugtasendvalasz");
        el(x, "sikeres", "true");
        return x.append("\n</xmlnyugtasendvalasz>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder open(String namespace, String root) {
        return new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(root).append(" xmlns=\"")
                .append(namespace).append("\">\n  ");
    }
}
