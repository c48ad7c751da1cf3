package hu.autoinvoice.local.agent;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders outcomes the way the vendor answers (research §3): HTTP 200, {@code szlahu_*} headers, v1 text or v2 XML. */
final class AgentReplies {

    static final String XML = "application/xml; charset=UTF-8";
    static final String TEXT = "text/plain; charset=UTF-8";
    static final String PDF = "application/pdf";
    private static final String VALASZ_NS = "http://www.szamlazz.hu/xmlszamlavalasz";

    private AgentReplies() {
    }

    /**
     * @param action  the operation, or null when it could not be determined
     * @param version {@code valaszVerzio} of the request (1 when unknown)
     * @param session JSESSIONID to set, or null
     */
    static Reply render(SimAction action, int version, AgentOutcome outcome, String session) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (session != null) {
            headers.add(Map.entry("Set-Cookie", "JSESSIONID=" + session + "; Path=/szamla; HttpOnly"));
        }
        return switch (outcome) {
            case AgentOutcome.Rejected r -> rejected(action, version, r, headers);
            case AgentOutcome.Issued i -> document(version, i.document(), i.withPdf(), headers);
            case AgentOutcome.Reversed r -> document(version, r.storno(), r.withPdf(), headers);
            case AgentOutcome.Previewed p -> preview(version, p, headers);
            case AgentOutcome.Found f -> action == SimAction.QUERY_XML
                    ? queryXml(f, headers)
                    : document(version, f.document(), true, headers);
            case AgentOutcome.Receipt r -> new Reply(200, headers, XML,
                    ReceiptXml.receipt(r.receipt(), r.withPdf() ? receiptPdf(r.receipt()) : null));
            case AgentOutcome.ReceiptSent s -> new Reply(200, headers, XML, ReceiptXml.sent());
        };
    }

    /** The {@code szlahu_down} answer: the service is unavailable, nothing was processed. */
    static Reply down() {
        return new Reply(200, List.of(Map.entry("szlahu_down", "true")), TEXT,
                "A Számlázz.hu rendszere átmenetileg nem elérhető.".getBytes(StandardCharsets.UTF_8));
    }

    static byte[] pdf(StoredDocument document) {
        SimDocument d = document.view();
        return MinimalPdf.render(List.of(
                (d.type() == DocumentType.SS ? "Sztorno szamla " : "Szamla ") + d.number() + " (Szamla Agent szimulator)",
                "Vevo: " + d.buyerName(),
                "Netto: " + plain(d.net()) + " " + d.currency() + "  Brutto: " + plain(d.gross()) + " " + d.currency(),
                "Kelt: " + d.issueDate()));
    }

    static byte[] receiptPdf(StoredReceipt receipt) {
        SimDocument d = receipt.view();
        return MinimalPdf.render(List.of(
                (d.type() == DocumentType.SN ? "Nyugta sztorno " : "Nyugta ") + d.number() + " (Szamla Agent szimulator)",
                "Brutto: " + plain(d.gross()) + " " + d.currency(),
                "Kelt: " + d.issueDate()));
    }

    static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    private static Reply rejected(SimAction action, int version, AgentOutcome.Rejected r,
            List<Map.Entry<String, String>> headers) {
        if (!r.bodyOnly()) {
            headers.add(Map.entry("szlahu_error", URLEncoder.encode(r.message(), StandardCharsets.UTF_8)));
            headers.add(Map.entry("szlahu_error_code", Integer.toString(r.error().code())));
        }
        if (action != null && action.receipt()) {
            return new Reply(200, headers, XML, ReceiptXml.error(action, r.error().code(), r.message()));
        }
        if (action == SimAction.QUERY_XML || version == 2) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("sikeres", "false");
            fields.put("hibakod", Integer.toString(r.error().code()));
            fields.put("hibauzenet", r.message());
            return new Reply(200, headers, XML, valasz(fields));
        }
        String text = "[ERR] " + r.message() + " ---------- t.getMessage(): " + r.message() + " ---------- "
                + "[MODUL:SZAMLA_AGENT_SZIMULATOR] hibakod=" + r.error().code() + "\n";
        return new Reply(200, headers, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The number and id headers; the whole success set of the XML query and the preview (the vendor's SDK takes an
     * answer without any {@code szlahu_*} header as invalid).
     */
    private static void identity(List<Map.Entry<String, String>> headers, String number, long id) {
        headers.add(Map.entry("szlahu_szamlaszam", URLEncoder.encode(number, StandardCharsets.UTF_8)));
        headers.add(Map.entry("szlahu_id", Long.toString(id)));
    }

    /** An XML query's find: the {@code szamla} document, with the found document's number and id as headers. */
    private static Reply queryXml(AgentOutcome.Found found, List<Map.Entry<String, String>> headers) {
        SimDocument d = found.document().view();
        identity(headers, d.number(), d.id());
        return new Reply(200, headers, XML,
                SzamlaXml.render(found.document(), found.withPdf() ? pdf(found.document()) : null));
    }

    private static Reply document(int version, StoredDocument document, boolean withPdf,
            List<Map.Entry<String, String>> headers) {
        SimDocument d = document.view();
        identity(headers, d.number(), d.id());
        headers.add(Map.entry("szlahu_nettovegosszeg", plain(d.net())));
        headers.add(Map.entry("szlahu_bruttovegosszeg", plain(d.gross())));
        headers.add(Map.entry("szlahu_kintlevoseg", plain(document.outstanding())));
        if (version == 2) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("sikeres", "true");
            fields.put("szamlaszam", d.number());
            fields.put("szamlanetto", plain(d.net()));
            fields.put("szamlabrutto", plain(d.gross()));
            fields.put("kintlevoseg", plain(document.outstanding()));
            if (withPdf) {
                fields.put("pdf", Base64.getEncoder().encodeToString(pdf(document)));
            }
            return new Reply(200, headers, XML, valasz(fields));
        }
        if (withPdf) {
            return new Reply(200, headers, PDF, pdf(document));
        }
        return new Reply(200, headers, TEXT,
                ("xmlagentresponse=DONE;" + d.number()).getBytes(StandardCharsets.UTF_8));
    }

    /** A preview: the number and id the create would get as headers (nothing is reserved), the PDF as the body. */
    private static Reply preview(int version, AgentOutcome.Previewed previewed, List<Map.Entry<String, String>> headers) {
        identity(headers, previewed.number(), previewed.id());
        byte[] pdf = MinimalPdf.render(List.of("ELONEZET - nem szamla (Szamla Agent szimulator)"));
        if (version == 2) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("sikeres", "true");
            fields.put("pdf", Base64.getEncoder().encodeToString(pdf));
            return new Reply(200, headers, XML, valasz(fields));
        }
        return new Reply(200, headers, PDF, pdf);
    }

    /** An {@code xmlszamlavalasz} document with the given fields in the given (schema) order. */
    private static byte[] valasz(Map<String, String> fields) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xmlszamlavalasz xmlns=\"")
                .append(VALASZ_NS).append("\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n");
        fields.forEach((name, value) -> xml.append("  <").append(name).append('>').append(Xml.escape(value))
                .append("</").append(name).append(">\n"));
        xml.append("</xmlszamlavalasz>\n");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

}
