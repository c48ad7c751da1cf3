package hu.autoinvoice.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.invoice.DocumentType;
import hu.autoinvoice.json.JsonValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates the connect body {@code {"agentKey": "...", "eInvoice": false, "invoicePrefix": "TIX" | null,
 * "documentType": "invoice" | "receipt", "receiptPrefix": "NY" | null}}.
 * <ul>
 *   <li>body: at most {@value #MAX_BODY_BYTES} bytes of UTF-8, one JSON object, no duplicate or unknown fields;</li>
 *   <li>{@code agentKey}: required string; surrounding whitespace is trimmed; then no whitespace inside, only
 *       printable ASCII, {@value #MIN_KEY_LENGTH}–{@value #MAX_KEY_LENGTH} characters (the vendor's keys are 42), and
 *       no capital letters (the vendor accepts lowercase keys only, so we say so rather than let it fail as "mistyped");</li>
 *   <li>{@code eInvoice}: optional boolean, default {@code false};</li>
 *   <li>{@code invoicePrefix}: optional; null or blank = the account's default; otherwise trimmed, 1–{@value
 *       #MAX_PREFIX_LENGTH} letters (A–Z, a–z) or digits — Számlázz.hu prefixes are short codes like {@code TIX}.
 *       Whether the prefix exists in the account is checked live (202).</li>
 *   <li>{@code documentType}: optional, {@code "invoice"} (the default) or {@code "receipt"} (private buyers get an
 *       e-receipt; company buyers always get an invoice);</li>
 *   <li>{@code receiptPrefix}: required with {@code "receipt"}, refused with {@code "invoice"} (null or blank counts
 *       as absent); trimmed, 1–{@value #MAX_PREFIX_LENGTH} upper-case letters (A–Z) or digits — the vendor's format
 *       rule (else its 337; the vendor's XSD sets no length, so the invoice prefix's limit applies) — and not the
 *       invoice prefix (letter case ignored: a receipt prefix may not be an invoice prefix, the vendor's 336). Whether
 *       it is an invoice prefix of the account is checked live ({@link LiveCheck}).</li>
 * </ul>
 * Error messages never contain the submitted values.
 */
public final class ConnectRequests {

    public static final int MAX_BODY_BYTES = 4096;
    public static final int MIN_KEY_LENGTH = 20;
    public static final int MAX_KEY_LENGTH = 128;
    public static final int MAX_PREFIX_LENGTH = 10;

    static final String AGENT_KEY = "agentKey";
    static final String E_INVOICE = "eInvoice";
    static final String INVOICE_PREFIX = "invoicePrefix";
    static final String DOCUMENT_TYPE = "documentType";
    static final String RECEIPT_PREFIX = "receiptPrefix";
    private static final Set<String> FIELDS = Set.of(AGENT_KEY, E_INVOICE, INVOICE_PREFIX, DOCUMENT_TYPE, RECEIPT_PREFIX);
    private static final String ALLOWED = "agentKey, eInvoice, invoicePrefix, documentType, receiptPrefix";
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9]{1," + MAX_PREFIX_LENGTH + "}");
    /** The vendor's receipt prefix rule (upper-case letters and digits, else 337), with our length limit. */
    private static final Pattern RECEIPT_PREFIX_FORMAT = Pattern.compile("[A-Z0-9]{1," + MAX_PREFIX_LENGTH + "}");

    private ConnectRequests() {
    }

    /** The outcome of parsing: a request, or the list of field errors. */
    public sealed interface Parsed permits Valid, Invalid {}

    /** The body is acceptable. */
    public record Valid(ConnectRequest request) implements Parsed {}

    /** The body is not acceptable; {@code errors} is never empty. */
    public record Invalid(List<FieldError> errors) implements Parsed {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }

    /** Parses and validates a body (already base64-decoded); {@code null} counts as empty. */
    public static Parsed parse(String body) {
        if (body == null || body.isBlank()) {
            return invalid("body", "The request body is required: {\"agentKey\": \"...\", \"eInvoice\": false, "
                    + "\"invoicePrefix\": null, \"documentType\": \"invoice\"}.", "A kérés törzse kötelező: "
                    + "{\"agentKey\": \"...\", \"eInvoice\": false, \"invoicePrefix\": null, \"documentType\": \"invoice\"}.");
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            return invalid("body", "The request body must be at most " + MAX_BODY_BYTES + " bytes.",
                    "A kérés törzse legfeljebb " + MAX_BODY_BYTES + " bájt lehet.");
        }
        Object root;
        try {
            root = JsonValues.parseStrict(body);
        } catch (JsonProcessingException e) {
            // the parser's message quotes the input: never pass it on
            return invalid("body", "The request body is not valid JSON (or repeats a field).",
                    "A kérés törzse nem érvényes JSON (vagy egy mező többször szerepel).");
        }
        if (!(root instanceof Map<?, ?>)) {
            return invalid("body", "The request body must be a JSON object.", "A kérés törzsének JSON objektumnak kell lennie.");
        }
        Map<String, Object> fields = JsonValues.object(root);
        List<FieldError> errors = new ArrayList<>();
        for (String name : fields.keySet()) {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(printable(name), "Unknown field; allowed: " + ALLOWED + ".",
                        "Ismeretlen mező; megengedett: " + ALLOWED + "."));
            }
        }
        Optional<AgentKey> key = agentKey(fields.get(AGENT_KEY), errors);
        boolean eInvoice = eInvoice(fields.get(E_INVOICE), errors);
        Optional<String> prefix = prefix(fields.get(INVOICE_PREFIX), errors);
        Optional<DocumentType> documentType = documentType(fields.get(DOCUMENT_TYPE), errors);
        Optional<String> receiptPrefix = receiptPrefix(fields.get(RECEIPT_PREFIX), documentType, prefix, errors);
        if (!errors.isEmpty() || key.isEmpty() || documentType.isEmpty()) {
            return new Invalid(errors);
        }
        return new Valid(new ConnectRequest(key.get(), eInvoice, prefix, documentType.get(), receiptPrefix));
    }

    /** The key rules alone, for a key already trimmed; empty when the key is plausible. */
    public static List<FieldError> checkKey(String trimmed) {
        List<FieldError> errors = new ArrayList<>();
        if (trimmed.isEmpty()) {
            errors.add(keyError("The Számla Agent key is required.", "A Számla Agent kulcs megadása kötelező."));
            return errors;
        }
        if (trimmed.chars().anyMatch(Character::isWhitespace)) {
            errors.add(keyError("The key must not contain spaces or line breaks; copy it again from Számlázz.hu.",
                    "A kulcs nem tartalmazhat szóközt vagy sortörést; másolja be újra a Számlázz.hu-ból."));
        }
        if (trimmed.chars().anyMatch(c -> !Character.isWhitespace(c) && (c < 0x21 || c > 0x7E))) {
            errors.add(keyError("The key contains characters that are never part of a Számla Agent key.",
                    "A kulcs olyan karaktert tartalmaz, amely Számla Agent kulcsban nem fordul elő."));
        }
        if (trimmed.length() < MIN_KEY_LENGTH || trimmed.length() > MAX_KEY_LENGTH) {
            errors.add(keyError("The key must be " + MIN_KEY_LENGTH + "–" + MAX_KEY_LENGTH
                            + " characters long (Számla Agent keys are 42 characters); it may be cut off.",
                    "A kulcs hossza " + MIN_KEY_LENGTH + "–" + MAX_KEY_LENGTH
                            + " karakter lehet (a Számla Agent kulcsok 42 karakteresek); lehet, hogy csonka."));
        }
        if (trimmed.chars().anyMatch(c -> c >= 'A' && c <= 'Z')) {
            errors.add(keyError("The key contains capital letters, but Számla Agent keys are lowercase only: "
                            + "copy it exactly as Számlázz.hu shows it.",
                    "A kulcs nagybetűt tartalmaz, de a Számla Agent kulcsok csak kisbetűsek: "
                            + "pontosan úgy másolja be, ahogy a Számlázz.hu mutatja."));
        }
        return errors;
    }

    private static Optional<AgentKey> agentKey(Object value, List<FieldError> errors) {
        if (value == null) {
            errors.add(keyError("The Számla Agent key is required.", "A Számla Agent kulcs megadása kötelező."));
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            errors.add(keyError("The key must be a string.", "A kulcsnak szövegnek kell lennie."));
            return Optional.empty();
        }
        String trimmed = text.strip();
        List<FieldError> keyErrors = checkKey(trimmed);
        errors.addAll(keyErrors);
        return keyErrors.isEmpty() ? Optional.of(AgentKey.of(trimmed)) : Optional.empty();
    }

    private static boolean eInvoice(Object value, List<FieldError> errors) {
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean b)) {
            errors.add(new FieldError(E_INVOICE, "eInvoice must be true or false.", "Az eInvoice értéke true vagy false lehet."));
            return false;
        }
        return b;
    }

    private static Optional<String> prefix(Object value, List<FieldError> errors) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            errors.add(prefixError());
            return Optional.empty();
        }
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return Optional.empty();
        }
        if (!PREFIX.matcher(trimmed).matches()) {
            errors.add(prefixError());
            return Optional.empty();
        }
        return Optional.of(trimmed);
    }

    /** Absent or null = invoice; empty when the value is not an allowed one (the error is added). */
    private static Optional<DocumentType> documentType(Object value, List<FieldError> errors) {
        if (value == null) {
            return Optional.of(DocumentType.INVOICE);
        }
        Optional<DocumentType> type = value instanceof String text ? DocumentType.ofApiValue(text) : Optional.empty();
        if (type.isEmpty()) {
            errors.add(new FieldError(DOCUMENT_TYPE, "documentType must be \"invoice\" (the default) or \"receipt\" "
                    + "(private buyers get an e-receipt; company buyers always get an invoice).",
                    "A documentType értéke \"invoice\" (számla, az alapértelmezett) vagy \"receipt\" (nyugta: a "
                            + "magánszemély vevők e-nyugtát kapnak, a cégek mindig számlát) lehet."));
        }
        return type;
    }

    /**
     * The receipt prefix: required with receipts, refused with invoices; nothing more is said while the document type
     * itself is invalid, but a malformed value is reported anyway.
     */
    private static Optional<String> receiptPrefix(Object value, Optional<DocumentType> documentType,
            Optional<String> invoicePrefix, List<FieldError> errors) {
        if (value != null && !(value instanceof String)) {
            errors.add(receiptPrefixFormatError());
            return Optional.empty();
        }
        String trimmed = value == null ? "" : ((String) value).strip();
        if (trimmed.isEmpty()) {
            if (documentType.equals(Optional.of(DocumentType.RECEIPT))) {
                errors.add(new FieldError(RECEIPT_PREFIX, "receiptPrefix is required when documentType is \"receipt\": "
                        + "the prefix receipt numbers start with (upper-case letters and digits, not an invoice prefix).",
                        "A receiptPrefix megadása kötelező, ha a documentType \"receipt\": a nyugtaszámok előtagja "
                                + "(nagybetűk és számjegyek, nem lehet számlaszám-előtag)."));
            }
            return Optional.empty();
        }
        if (!RECEIPT_PREFIX_FORMAT.matcher(trimmed).matches()) {
            errors.add(receiptPrefixFormatError());
            return Optional.empty();
        }
        if (documentType.equals(Optional.of(DocumentType.INVOICE))) {
            errors.add(new FieldError(RECEIPT_PREFIX, "receiptPrefix goes with documentType \"receipt\" only: leave "
                    + "it out (or null) for invoices, or set documentType to \"receipt\".",
                    "A receiptPrefix csak \"receipt\" documentType mellett adható meg: számlákhoz hagyja el (vagy "
                            + "legyen null), vagy a documentType legyen \"receipt\"."));
            return Optional.empty();
        }
        if (invoicePrefix.filter(trimmed::equalsIgnoreCase).isPresent()) {
            errors.add(new FieldError(RECEIPT_PREFIX, "receiptPrefix must differ from invoicePrefix: Számlázz.hu "
                    + "refuses a receipt prefix that is an invoice prefix.",
                    "A receiptPrefix nem egyezhet az invoicePrefix értékével: a Számlázz.hu nem fogad el számla-előtagot "
                            + "nyugta-előtagként."));
            return Optional.empty();
        }
        return documentType.isPresent() ? Optional.of(trimmed) : Optional.empty();
    }

    /** The receipt prefix's format rule (the vendor's 337), for a parse and for the vendor's own 337 alike. */
    static FieldError receiptPrefixFormatError() {
        return new FieldError(RECEIPT_PREFIX, "receiptPrefix must be 1–" + MAX_PREFIX_LENGTH
                + " upper-case letters (A–Z) or digits, as Számlázz.hu requires of receipt prefixes.",
                "A receiptPrefix 1–" + MAX_PREFIX_LENGTH + " nagybetű (A–Z, ékezet nélkül) vagy számjegy lehet, "
                        + "ahogy a Számlázz.hu a nyugta-előtagoktól megköveteli.");
    }

    private static FieldError prefixError() {
        return new FieldError(INVOICE_PREFIX, "invoicePrefix must be 1–" + MAX_PREFIX_LENGTH
                + " letters or digits (as created under Beállítások → Előtagok in Számlázz.hu), or null for the default.",
                "Az invoicePrefix 1–" + MAX_PREFIX_LENGTH + " betű vagy számjegy lehet (ahogy a Számlázz.hu "
                        + "Beállítások → Előtagok menüpontjában szerepel), vagy null az alapértelmezetthez.");
    }

    private static FieldError keyError(String en, String hu) {
        return new FieldError(AGENT_KEY, en, hu);
    }

    private static Invalid invalid(String field, String en, String hu) {
        return new Invalid(List.of(new FieldError(field, en, hu)));
    }

    private static String printable(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9_.-]", "?");
        return cleaned.length() > 40 ? cleaned.substring(0, 40) + "…" : cleaned;
    }
}
