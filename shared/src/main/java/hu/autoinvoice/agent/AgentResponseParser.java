package hu.autoinvoice.agent;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import javax.xml.stream.XMLStreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever the Agent sent back into an {@link AgentResult}. Order of reading: {@code szlahu_down} (non-blank →
 * transient), then {@code szlahu_error_code}/{@code szlahu_error} (URL-decoded), then the HTTP status, then the body:
 * {@code xmlszamlavalasz}, the query's {@code szamla}, a raw PDF, or the v1 text forms
 * ({@code xmlagentresponse=DONE;<number>}, {@code [ERR] <message> ----------…}). Code 56 with an invoice number is
 * success with a warning. Numeric headers may use a decimal comma.
 *
 * <p>The vendor sends some XML with a bare {@code &} (in {@code vevoifiokurl}); such a body is repaired (bare
 * ampersands outside CDATA become {@code &amp;}) and parsed again. Every message passed on has the Agent key
 * scrubbed out and is shortened.
 */
final class AgentResponseParser {

    private static final Logger LOG = LoggerFactory.getLogger(AgentResponseParser.class);
    private static final int MAX_MESSAGE = 500;
    private static final String REDACTED = "****";

    /** For create, storno and PDF query replies. */
    public AgentResult<IssuedDocument> document(TransportOutcome outcome, AgentKey key) {
        return parse(outcome, key, Expect.DOCUMENT);
    }

    /** For preview-create replies. */
    public AgentResult<InvoicePreview> preview(TransportOutcome outcome, AgentKey key) {
        return parse(outcome, key, Expect.PREVIEW);
    }

    /** For invoice data query replies. */
    public AgentResult<InvoiceData> invoiceData(TransportOutcome outcome, AgentKey key) {
        return parse(outcome, key, Expect.DATA);
    }

    /** For receipt create, storno and get replies ({@code xmlnyugtavalasz}). */
    public AgentResult<IssuedReceipt> receipt(TransportOutcome outcome, AgentKey key) {
        return parse(outcome, key, Expect.RECEIPT);
    }

    /** For receipt e-mail replies ({@code xmlnyugtasendvalasz}); the value is {@code true}. */
    public AgentResult<Boolean> receiptSent(TransportOutcome outcome, AgentKey key) {
        return parse(outcome, key, Expect.RECEIPT_SENT);
    }

    private enum Expect { DOCUMENT, PREVIEW, DATA, RECEIPT, RECEIPT_SENT }

    private static final String NOT_A_RECEIPT_REPLY = "an invoice-family reply where a receipt answer was expected";

    @SuppressWarnings("unchecked")
    private <T> AgentResult<T> parse(TransportOutcome outcome, AgentKey key, Expect expect) {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(key, "key");
        return (AgentResult<T>) switch (outcome) {
            case TransportOutcome.TimedOut t -> fail(OutcomeClass.TRANSIENT, "timeout: " + scrub(t.detail(), key));
            case TransportOutcome.IoFailure f -> fail(OutcomeClass.TRANSIENT, "I/O failure: " + scrub(f.detail(), key));
            case TransportOutcome.Reply reply -> parseReply(reply, new Scrubber(key), expect);
        };
    }

    private AgentResult<?> parseReply(TransportOutcome.Reply reply, Scrubber scrub, Expect expect) {
        Optional<String> down = reply.header("szlahu_down").filter(s -> !s.isBlank());
        if (down.isPresent()) {
            return fail(OutcomeClass.TRANSIENT, "Számla Agent is down: " + scrub.apply(down.get()));
        }
        Headers headers = new Headers(reply);
        OptionalInt warning = OptionalInt.empty();
        if (headers.errorCode.isPresent()) {
            int code = headers.errorCode.getAsInt();
            if (code == AgentErrorCode.NOTIFICATION_FAILED.code() && headers.number.isPresent() && expect != Expect.DATA) {
                warning = OptionalInt.of(code);
            } else {
                String message = headers.errorMessage.or(() -> bodyMessage(reply.body())).orElse("");
                return AgentResult.failed(AgentError.ofCode(code, scrub.apply(message)));
            }
        }
        int status = reply.status();
        if (status >= 500 || status == 429) {
            return fail(OutcomeClass.TRANSIENT, "HTTP " + status);
        }
        if (status < 200 || status >= 300) {
            return fail(OutcomeClass.UNKNOWN, "unexpected HTTP " + status);
        }
        String text = new String(reply.body(), StandardCharsets.UTF_8).strip();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1).strip();
        }
        if (text.isEmpty()) {
            return fail(OutcomeClass.UNKNOWN, "empty reply" + headers.errorMessage.map(m -> ": " + scrub.apply(m)).orElse(""));
        }
        if (text.startsWith("%PDF")) {
            return rawPdf(reply.body(), headers, warning, expect);
        }
        if (text.startsWith("xmlagentresponse=")) {
            return textDone(text, headers, warning, expect, scrub);
        }
        if (text.startsWith("[ERR]")) {
            return fail(OutcomeClass.UNKNOWN, scrub.apply(textErrorMessage(text)));
        }
        if (text.startsWith("<")) {
            Optional<XmlElement> doc = parseXml(text);
            if (doc.isEmpty()) {
                return fail(OutcomeClass.UNKNOWN, "unparsable XML reply");
            }
            XmlElement root = doc.get();
            return switch (root.localName()) {
                case "xmlszamlavalasz" -> answer(root, headers, warning, expect, scrub);
                case "xmlnyugtavalasz" -> expect == Expect.RECEIPT
                        ? receiptAnswer(root, scrub)
                        : fail(OutcomeClass.UNKNOWN, "unexpected receipt reply");
                case "xmlnyugtasendvalasz" -> expect == Expect.RECEIPT_SENT
                        ? receiptSentAnswer(root, scrub)
                        : fail(OutcomeClass.UNKNOWN, "unexpected receipt e-mail reply");
                case "szamla" -> expect == Expect.DATA
                        ? invoiceData(root)
                        : fail(OutcomeClass.UNKNOWN, "unexpected invoice data reply");
                default -> fail(OutcomeClass.UNKNOWN, "unexpected reply root " + scrub.apply(root.qualifiedName()));
            };
        }
        return fail(OutcomeClass.UNKNOWN, "unrecognised reply");
    }

    private AgentResult<?> answer(XmlElement root, Headers headers, OptionalInt warning, Expect expect, Scrubber scrub) {
        boolean success = child(root, "sikeres").map(s -> "true".equalsIgnoreCase(s.strip())).orElse(false);
        OptionalInt code = parseInt(child(root, "hibakod"));
        String message = child(root, "hibauzenet").map(String::strip).orElse("");
        Optional<String> number = child(root, "szamlaszam").map(String::strip).filter(s -> !s.isEmpty()).or(() -> headers.number);
        if (!success) {
            if (code.isPresent() && code.getAsInt() == AgentErrorCode.NOTIFICATION_FAILED.code() && number.isPresent()
                    && expect != Expect.DATA) {
                warning = code;
            } else if (code.isPresent()) {
                return AgentResult.failed(AgentError.ofCode(code.getAsInt(), scrub.apply(message)));
            } else {
                return fail(OutcomeClass.UNKNOWN, "unsuccessful without an error code"
                        + (message.isEmpty() ? "" : ": " + scrub.apply(message)));
            }
        } else if (code.isPresent() && warning.isEmpty()) {
            warning = code;
        }
        Optional<byte[]> pdf = child(root, "pdf").flatMap(AgentResponseParser::base64);
        return switch (expect) {
            case PREVIEW -> AgentResult.ok(new InvoicePreview(pdf));
            case DATA -> fail(OutcomeClass.UNKNOWN, "a success answer without invoice data");
            case RECEIPT, RECEIPT_SENT -> fail(OutcomeClass.UNKNOWN, NOT_A_RECEIPT_REPLY);
            case DOCUMENT -> number.isEmpty()
                    ? fail(OutcomeClass.UNKNOWN, "success reported without an invoice number")
                    : AgentResult.ok(new IssuedDocument(number.get(),
                            child(root, "szamlanetto").flatMap(AgentResponseParser::decimal).or(() -> headers.net),
                            child(root, "szamlabrutto").flatMap(AgentResponseParser::decimal).or(() -> headers.gross),
                            child(root, "kintlevoseg").flatMap(AgentResponseParser::decimal).or(() -> headers.outstanding),
                            child(root, "vevoifiokurl").map(String::strip).filter(s -> !s.isEmpty()).or(() -> headers.portal),
                            pdf, warning));
        };
    }

    /** The refusal of an unsuccessful {@code sikeres=false} answer: by its code, or unknown without one. */
    private static AgentResult<?> refusal(XmlElement root, Scrubber scrub) {
        OptionalInt code = parseInt(child(root, "hibakod"));
        String message = child(root, "hibauzenet").map(String::strip).orElse("");
        if (code.isPresent()) {
            return AgentResult.failed(AgentError.ofCode(code.getAsInt(), scrub.apply(message)));
        }
        return fail(OutcomeClass.UNKNOWN, "unsuccessful without an error code"
                + (message.isEmpty() ? "" : ": " + scrub.apply(message)));
    }

    private static boolean successful(XmlElement root) {
        return child(root, "sikeres").map(s -> "true".equalsIgnoreCase(s.strip())).orElse(false);
    }

    private AgentResult<?> receiptAnswer(XmlElement root, Scrubber scrub) {
        if (!successful(root)) {
            return refusal(root, scrub);
        }
        Optional<XmlElement> receipt = element(root, "nyugta");
        Optional<XmlElement> base = receipt.flatMap(r -> element(r, "alap"));
        Optional<String> number = base.flatMap(b -> nonBlank(child(b, "nyugtaszam")));
        if (number.isEmpty()) {
            return fail(OutcomeClass.UNKNOWN, "success reported without a receipt number");
        }
        XmlElement alap = base.get();
        Optional<IssuedReceipt.ReceiptType> type = nonBlank(child(alap, "tipus")).flatMap(IssuedReceipt.ReceiptType::of);
        Optional<XmlElement> total = receipt.flatMap(r -> element(r, "osszegek")).flatMap(o -> element(o, "totalossz"));
        Optional<BigDecimal> net = total.flatMap(t -> child(t, "netto")).flatMap(AgentResponseParser::decimal);
        Optional<BigDecimal> vat = total.flatMap(t -> child(t, "afa")).flatMap(AgentResponseParser::decimal);
        Optional<BigDecimal> gross = total.flatMap(t -> child(t, "brutto")).flatMap(AgentResponseParser::decimal);
        if (type.isEmpty() || net.isEmpty() || vat.isEmpty() || gross.isEmpty()) {
            return fail(OutcomeClass.UNKNOWN, "receipt " + number.get() + " answered without its type or totals");
        }
        return AgentResult.ok(new IssuedReceipt(number.get(), type.get(),
                child(alap, "stornozott").map(s -> "true".equalsIgnoreCase(s.strip())).orElse(false),
                nonBlank(child(alap, "stornozottNyugtaszam")), nonBlank(child(alap, "hivasAzonosito")),
                nonBlank(child(alap, "rendelesSzam")), net.get(), vat.get(), gross.get(),
                child(root, "nyugtaPdf").flatMap(AgentResponseParser::base64)));
    }

    private AgentResult<?> receiptSentAnswer(XmlElement root, Scrubber scrub) {
        return successful(root) ? AgentResult.ok(Boolean.TRUE) : refusal(root, scrub);
    }

    private AgentResult<?> invoiceData(XmlElement root) {
        Optional<XmlElement> base = element(root, "alap");
        Optional<String> number = base.flatMap(b -> child(b, "szamlaszam")).map(String::strip).filter(s -> !s.isEmpty());
        if (number.isEmpty()) {
            return fail(OutcomeClass.UNKNOWN, "invoice data without a number");
        }
        XmlElement alap = base.get();
        Optional<XmlElement> total = element(root, "osszegek").flatMap(o -> element(o, "totalossz"));
        String eInvoice = child(alap, "eszamla").map(String::strip).orElse("");
        return AgentResult.ok(new InvoiceData(
                number.get(),
                child(alap, "tipus").map(String::strip).orElse(""),
                nonBlank(child(alap, "rendelesszam")),
                eInvoice.equals("2") || eInvoice.equals("3") || eInvoice.equalsIgnoreCase("true"),
                child(alap, "sztornozott").map(s -> "true".equalsIgnoreCase(s.strip())).orElse(false),
                nonBlank(child(alap, "hivszamlaszam")),
                child(alap, "kelt").flatMap(AgentResponseParser::date),
                child(alap, "telj").flatMap(AgentResponseParser::date),
                nonBlank(child(alap, "devizanem")),
                total.flatMap(t -> child(t, "netto")).flatMap(AgentResponseParser::decimal),
                total.flatMap(t -> child(t, "afa")).flatMap(AgentResponseParser::decimal),
                total.flatMap(t -> child(t, "brutto")).flatMap(AgentResponseParser::decimal),
                element(root, "vevo").flatMap(v -> nonBlank(child(v, "nev"))),
                child(root, "pdf").flatMap(AgentResponseParser::base64)));
    }

    private AgentResult<?> rawPdf(byte[] body, Headers headers, OptionalInt warning, Expect expect) {
        return switch (expect) {
            case PREVIEW -> AgentResult.ok(new InvoicePreview(Optional.of(body)));
            case DATA -> fail(OutcomeClass.UNKNOWN, "a PDF where invoice data was expected");
            case RECEIPT, RECEIPT_SENT -> fail(OutcomeClass.UNKNOWN, NOT_A_RECEIPT_REPLY);
            case DOCUMENT -> headers.number.isEmpty()
                    ? fail(OutcomeClass.UNKNOWN, "PDF reply without an invoice number header")
                    : AgentResult.ok(new IssuedDocument(headers.number.get(), headers.net, headers.gross,
                            headers.outstanding, headers.portal, Optional.of(body), warning));
        };
    }

    private AgentResult<?> textDone(String text, Headers headers, OptionalInt warning, Expect expect, Scrubber scrub) {
        String rest = text.substring("xmlagentresponse=".length()).strip();
        if (!rest.startsWith("DONE;")) {
            return fail(OutcomeClass.UNKNOWN, "unrecognised text reply: " + scrub.apply(rest));
        }
        String number = rest.substring("DONE;".length()).lines().findFirst().orElse("").strip();
        Optional<String> found = Optional.of(number).filter(s -> !s.isEmpty()).or(() -> headers.number);
        return switch (expect) {
            case PREVIEW -> AgentResult.ok(new InvoicePreview(Optional.empty()));
            case DATA -> fail(OutcomeClass.UNKNOWN, "a DONE reply where invoice data was expected");
            case RECEIPT, RECEIPT_SENT -> fail(OutcomeClass.UNKNOWN, NOT_A_RECEIPT_REPLY);
            case DOCUMENT -> found.isEmpty()
                    ? fail(OutcomeClass.UNKNOWN, "DONE reply without an invoice number")
                    : AgentResult.ok(new IssuedDocument(found.get(), headers.net, headers.gross, headers.outstanding,
                            headers.portal, Optional.empty(), warning));
        };
    }

    /** The useful part of a v1 text error: between {@code [ERR]} and the first {@code ----------}. */
    static String textErrorMessage(String text) {
        String rest = text.substring("[ERR]".length());
        int cut = rest.indexOf("----------");
        return (cut >= 0 ? rest.substring(0, cut) : rest.lines().findFirst().orElse("")).strip();
    }

    private static Optional<String> bodyMessage(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.startsWith("[ERR]")) {
            return Optional.of(textErrorMessage(text));
        }
        if (text.startsWith("<")) {
            return parseXml(text).flatMap(root -> child(root, "hibauzenet")).map(String::strip);
        }
        return Optional.empty();
    }

    private static <T> AgentResult<T> fail(OutcomeClass outcomeClass, String message) {
        return AgentResult.failed(AgentError.of(outcomeClass, message));
    }

    // --- XML -----------------------------------------------------------------------------------------------

    /**
     * The reply as an element tree, or empty when it is not well-formed XML even after {@link #repairAmpersands}.
     * A DOCTYPE is refused (see {@link XmlElement#parse}), so entities other than the predefined ones cannot occur.
     */
    private static Optional<XmlElement> parseXml(String text) {
        try {
            return Optional.of(XmlElement.parse(text.getBytes(StandardCharsets.UTF_8)));
        } catch (XMLStreamException first) {
            String repaired = repairAmpersands(text);
            if (repaired.equals(text)) {
                return Optional.empty();
            }
            try {
                XmlElement root = XmlElement.parse(repaired.getBytes(StandardCharsets.UTF_8));
                LOG.debug("Agent reply contained bare '&'; repaired before parsing");
                return Optional.of(root);
            } catch (XMLStreamException second) {
                return Optional.empty();
            }
        }
    }

    /**
     * Replaces every {@code &} that does not start an entity or character reference with {@code &amp;}, leaving
     * CDATA sections untouched. The vendor sends a bare {@code &} inside {@code vevoifiokurl}.
     */
    static String repairAmpersands(String xml) {
        StringBuilder out = new StringBuilder(xml.length() + 32);
        int i = 0;
        while (i < xml.length()) {
            if (xml.startsWith("<![CDATA[", i)) {
                int end = xml.indexOf("]]>", i);
                int stop = end < 0 ? xml.length() : end + 3;
                out.append(xml, i, stop);
                i = stop;
                continue;
            }
            char c = xml.charAt(i);
            if (c == '&' && !startsReference(xml, i)) {
                out.append("&amp;");
            } else {
                out.append(c);
            }
            i++;
        }
        return out.toString();
    }

    /** Longest reference looked for after an {@code &} (name or number and the {@code ;}). */
    private static final int MAX_REFERENCE = 12;
    private static final java.util.regex.Pattern REFERENCE = java.util.regex.Pattern.compile(
            "[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+");

    /**
     * Whether {@code s} has an entity or character reference at {@code at}. Looks at most {@value #MAX_REFERENCE}
     * characters ahead, so repairing a reply is linear in its length whatever it holds (a search for the next
     * {@code ;} over the whole rest made a reply full of bare {@code &} quadratic).
     */
    private static boolean startsReference(String s, int at) {
        int limit = Math.min(s.length(), at + 1 + MAX_REFERENCE);
        for (int i = at + 1; i < limit; i++) {
            if (s.charAt(i) == ';') {
                return REFERENCE.matcher(s).region(at + 1, i).matches();
            }
        }
        return false;
    }

    private static Optional<XmlElement> element(XmlElement parent, String localName) {
        return parent.element(localName);
    }

    private static Optional<String> child(XmlElement parent, String localName) {
        return parent.element(localName).map(XmlElement::textContent);
    }

    // --- values --------------------------------------------------------------------------------------------

    private static Optional<String> nonBlank(Optional<String> s) {
        return s.map(String::strip).filter(v -> !v.isEmpty());
    }

    private static OptionalInt parseInt(Optional<String> s) {
        Optional<String> v = nonBlank(s);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(v.get()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** A vendor number: {@code 100.01}, {@code 100,01}, {@code -38100}; empty when blank or unreadable. */
    static Optional<BigDecimal> decimal(String raw) {
        String s = raw.strip().replace("\u00A0", "").replace(" ", "").replace(',', '.');
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<LocalDate> date(String raw) {
        try {
            return Optional.of(LocalDate.parse(raw.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> base64(String raw) {
        String s = raw.replaceAll("\\s+", "");
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getDecoder().decode(s));
        } catch (IllegalArgumentException e) {
            LOG.warn("Agent reply carried a PDF that is not valid base64; ignored");
            return Optional.empty();
        }
    }

    private static String urlDecode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** The {@code szlahu_*} headers, decoded. */
    private static final class Headers {
        final OptionalInt errorCode;
        final Optional<String> errorMessage;
        final Optional<String> number;
        final Optional<BigDecimal> net;
        final Optional<BigDecimal> gross;
        final Optional<BigDecimal> outstanding;
        final Optional<String> portal;

        Headers(TransportOutcome.Reply reply) {
            errorCode = parseInt(reply.header("szlahu_error_code"));
            errorMessage = nonBlank(reply.header("szlahu_error").map(AgentResponseParser::urlDecode));
            number = nonBlank(reply.header("szlahu_szamlaszam").map(AgentResponseParser::urlDecode));
            net = reply.header("szlahu_nettovegosszeg").flatMap(AgentResponseParser::decimal);
            gross = reply.header("szlahu_bruttovegosszeg").flatMap(AgentResponseParser::decimal);
            outstanding = reply.header("szlahu_kintlevoseg").flatMap(AgentResponseParser::decimal);
            portal = nonBlank(reply.header("szlahu_vevoifiokurl").map(AgentResponseParser::urlDecode));
        }
    }

    private static String scrub(String message, AgentKey key) {
        return new Scrubber(key).apply(message);
    }

    /** Removes the key (raw and URL-encoded, any case) from vendor text and shortens it. */
    private static final class Scrubber {
        private final String raw;
        private final String encoded;

        Scrubber(AgentKey key) {
            this.raw = key.reveal();
            this.encoded = URLEncoder.encode(raw, StandardCharsets.UTF_8);
        }

        String apply(String message) {
            if (message == null) {
                return "";
            }
            String s = replaceIgnoreCase(message, raw);
            if (!encoded.equals(raw)) {
                s = replaceIgnoreCase(s, encoded);
            }
            s = s.replaceAll("\\s+", " ").strip();
            return s.length() > MAX_MESSAGE ? s.substring(0, MAX_MESSAGE) + "…" : s;
        }

        private static String replaceIgnoreCase(String text, String secret) {
            String lowerText = text.toLowerCase(Locale.ROOT);
            String lowerSecret = secret.toLowerCase(Locale.ROOT);
            if (lowerText.length() != text.length() || lowerSecret.isEmpty()) {
                return text.replace(secret, REDACTED);
            }
            StringBuilder out = new StringBuilder(text.length());
            int from = 0;
            int at;
            while ((at = lowerText.indexOf(lowerSecret, from)) >= 0) {
                out.append(text, from, at).append(REDACTED);
                from = at + secret.length();
            }
            return out.append(text, from, text.length()).toString();
        }
    }
}
