package hu.autoinvoice.invoice;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import hu.autoinvoice.json.JsonValues;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Strict reader (and canonical writer) of the {@code invoice-requests} queue messages, {@code purchase.paid} v1,
 * {@code purchase.refunded} v1 and {@code purchase.amended} v1. It accepts exactly what
 * {@code events/schema/invoice-request.v1.schema.json} accepts, plus two rules a JSON Schema cannot state: no duplicate
 * keys, and no unpaired UTF-16 surrogates in text. Expected outcomes are values: {@link ParseResult.Valid} or
 * {@link ParseResult.Invalid} naming the field.
 */
public final class PurchaseMessages {

    /** Largest message accepted (the SQS limit). */
    public static final int MAX_MESSAGE_CHARS = 256 * 1024;
    /** Most lines in one purchase. */
    public static final int MAX_LINES = 100;
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_ADDRESS_LENGTH = 200;
    public static final int MAX_CITY_LENGTH = 100;
    public static final int MAX_POSTAL_CODE_LENGTH = 16;
    public static final int MAX_EMAIL_LENGTH = 254;
    public static final int MAX_UNIT_LENGTH = 20;
    public static final int MAX_COMMENT_LENGTH = 500;

    // The same character classes as the $defs of events/schema/common.v1.schema.json.
    private static final Pattern NOT_SINGLE_LINE =
            Pattern.compile("[\\u0000-\\u001F\\u007F\\u0085\\u2028\\u2029\\uFFFE\\uFFFF]");
    private static final Pattern NOT_XML_TEXT =
            Pattern.compile("[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]");
    private static final Pattern NON_BLANK = Pattern.compile(
            "[^\\u0009-\\u000D\\u0020\\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]");
    private static final Pattern UNIT_PRICE = Pattern.compile("-?(0|[1-9][0-9]{0,8})(\\.[0-9]{1,2})?");
    private static final Pattern QUANTITY =
            Pattern.compile("[1-9][0-9]{0,4}(\\.[0-9]{1,3})?|0\\.([1-9][0-9]{0,2}|0[1-9][0-9]?|00[1-9])");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern EMAIL = Pattern.compile("[^@,;<>\\u0020]+@[^@,;<>\\u0020]+\\.[^@,;<>\\u0020]+");
    private static final Pattern HU_TAX_NUMBER = Pattern.compile("[0-9]{8}-[0-9]-[0-9]{2}");
    private static final Pattern EU_VAT_NUMBER = Pattern.compile(
            "(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI)[0-9A-Z+*]{2,12}");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
                    + "(\\.[0-9]{1,9})?(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])");

    private static final String DECIMAL_HINT = "must be a decimal string such as \"24990\" or \"12.50\"";
    private static final String QUANTITY_HINT = "must be a positive decimal string such as \"1\" or \"2.5\"";
    private static final String TIMESTAMP_HINT =
            "must be an RFC 3339 timestamp with offset, such as \"2026-11-27T18:05:11Z\"";
    private static final String REVISION_HINT = "must be a whole number from 1 to " + Integer.MAX_VALUE;
    private static final String KNOWN_TYPES = "purchase.paid, purchase.refunded or purchase.amended";
    private static final String ID_HINT = "must be 1-" + ExternalIds.MAX_ID_LENGTH
            + " characters: letters, digits, '.', '_', '-' (starting with a letter or digit)";

    private static final Map<String, PaymentMethod> PAYMENT_METHODS = Arrays.stream(PaymentMethod.values())
            .collect(Collectors.toUnmodifiableMap(PaymentMethod::messageValue, Function.identity()));
    private static final Map<String, InvoiceLanguage> LANGUAGES = Arrays.stream(InvoiceLanguage.values())
            .collect(Collectors.toUnmodifiableMap(InvoiceLanguage::isoCode, Function.identity()));
    private static final Map<String, BuyerType> BUYER_TYPES = Arrays.stream(BuyerType.values())
            .collect(Collectors.toUnmodifiableMap(BuyerType::messageValue, Function.identity()));

    private static final Set<String> PAID_FIELDS = Set.of("type", "version", "purchaseId", "accountId", "paidAt",
            "currency", "paymentMethod", "language", "buyer", "lines", "sendEmail");
    private static final Set<String> REFUNDED_FIELDS =
            Set.of("type", "version", "purchaseId", "accountId", "refundedAt", "reason");
    private static final Set<String> AMENDED_FIELDS = Set.of("type", "version", "purchaseId", "accountId", "revision",
            "amendedAt", "paidAt", "currency", "paymentMethod", "language", "buyer", "lines", "sendEmail");
    private static final Set<String> BUYER_FIELDS = Set.of("type", "name", "email", "country", "postalCode", "city",
            "address", "taxNumber", "euVatNumber");
    private static final Set<String> LINE_FIELDS =
            Set.of("name", "quantity", "unit", "unitPrice", "priceIncludesVat", "vat", "comment");

    private PurchaseMessages() {
    }

    /** Parses one queue message body. Never throws for bad input. */
    public static ParseResult parse(String json) {
        if (json == null || json.isBlank()) {
            return new ParseResult.Invalid("$", "the message body is empty");
        }
        if (json.length() > MAX_MESSAGE_CHARS) {
            return new ParseResult.Invalid("$", "the message is longer than " + MAX_MESSAGE_CHARS + " characters");
        }
        Object root;
        try {
            root = JsonValues.parseStrict(json);
        } catch (JsonProcessingException e) {
            return new ParseResult.Invalid("$", "not well-formed JSON: " + describe(e));
        }
        if (!(root instanceof Map<?, ?>)) {
            return new ParseResult.Invalid("$", "must be a JSON object");
        }
        try {
            Map<String, Object> object = JsonValues.object(root);
            Object type = object.get("type");
            if (type == null) {
                throw new BadField("type", "is required (" + KNOWN_TYPES + ")");
            }
            if (!(type instanceof String typeName)) {
                throw new BadField("type", "must be a string (" + KNOWN_TYPES + ")");
            }
            return switch (typeName) {
                case PurchasePaid.TYPE -> new ParseResult.Valid(readPaid(object));
                case PurchaseRefunded.TYPE -> new ParseResult.Valid(readRefunded(object));
                case PurchaseAmended.TYPE -> new ParseResult.Valid(readAmended(object));
                default -> throw new BadField("type", "unknown message type " + quote(typeName)
                        + "; expected " + KNOWN_TYPES);
            };
        } catch (BadField e) {
            return new ParseResult.Invalid(e.field, e.reason);
        }
    }

    /** The canonical JSON of a message; {@link #parse(String)} reads it back to an equal message. */
    public static String toJson(InvoiceRequestMessage message) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("type", message.type());
        root.put("version", message.version());
        root.put("purchaseId", message.purchaseId());
        root.put("accountId", message.accountId());
        switch (message) {
            case PurchasePaid paid -> writePurchase(root, new Purchase(paid.paidAt(), paid.currency(),
                    paid.paymentMethod(), paid.language(), paid.buyer(), paid.lines()));
            case PurchaseRefunded refunded -> {
                root.put("refundedAt", refunded.refundedAt().toString());
                refunded.reason().ifPresent(r -> root.put("reason", r));
            }
            case PurchaseAmended amended -> {
                root.put("revision", amended.revision());
                root.put("amendedAt", amended.amendedAt().toString());
                writePurchase(root, new Purchase(amended.paidAt(), amended.currency(), amended.paymentMethod(),
                        amended.language(), amended.buyer(), amended.lines()));
            }
        }
        return JsonValues.toJson(root);
    }

    /** The fields purchase.paid and purchase.amended share, after the ids. */
    private record Purchase(Instant paidAt, String currency, PaymentMethod paymentMethod, InvoiceLanguage language,
            Buyer buyer, List<PurchaseLine> lines) {
    }

    private static void writePurchase(Map<String, Object> root, Purchase purchase) {
        root.put("paidAt", purchase.paidAt().toString());
        root.put("currency", purchase.currency());
        root.put("paymentMethod", purchase.paymentMethod().messageValue());
        root.put("language", purchase.language().isoCode());
        Buyer b = purchase.buyer();
        Map<String, Object> buyer = new LinkedHashMap<>();
        root.put("buyer", buyer);
        buyer.put("type", b.type().messageValue());
        buyer.put("name", b.name());
        b.email().ifPresent(e -> buyer.put("email", e));
        buyer.put("country", b.country());
        buyer.put("postalCode", b.postalCode());
        buyer.put("city", b.city());
        buyer.put("address", b.address());
        b.taxNumber().ifPresent(t -> buyer.put("taxNumber", t));
        b.euVatNumber().ifPresent(t -> buyer.put("euVatNumber", t));
        List<Object> lines = new ArrayList<>();
        root.put("lines", lines);
        for (PurchaseLine l : purchase.lines()) {
            Map<String, Object> line = new LinkedHashMap<>();
            lines.add(line);
            line.put("name", l.name());
            line.put("quantity", l.quantity().toPlainString());
            line.put("unit", l.unit());
            line.put("unitPrice", l.unitPrice().toPlainString());
            line.put("priceIncludesVat", l.priceIncludesVat());
            line.put("vat", l.vat().agentValue());
            l.comment().ifPresent(c -> line.put("comment", c));
        }
        root.put("sendEmail", b.sendEmail());
    }

    private static PurchasePaid readPaid(Map<String, Object> node) {
        Fields f = new Fields(node, "", PAID_FIELDS);
        readVersion(f);
        String purchaseId = id(f, "purchaseId");
        String accountId = id(f, "accountId");
        Purchase p = readPurchase(f, 1);
        return new PurchasePaid(purchaseId, accountId, p.paidAt(), p.currency(), p.paymentMethod(), p.language(),
                p.buyer(), p.lines());
    }

    private static PurchaseAmended readAmended(Map<String, Object> node) {
        Fields f = new Fields(node, "", AMENDED_FIELDS);
        readVersion(f);
        String purchaseId = id(f, "purchaseId");
        String accountId = id(f, "accountId");
        long revision = readRevision(f);
        Instant amendedAt = timestamp(f, "amendedAt");
        Purchase p = readPurchase(f, 0);
        return new PurchaseAmended(purchaseId, accountId, revision, amendedAt, p.paidAt(), p.currency(),
                p.paymentMethod(), p.language(), p.buyer(), p.lines());
    }

    /** paidAt to lines: purchase.paid has at least one line, purchase.amended may have none. */
    private static Purchase readPurchase(Fields f, int minLines) {
        Instant paidAt = timestamp(f, "paidAt");
        String currency = patterned(f, "currency", CURRENCY, "must be an ISO 4217 code of 3 capital letters, such as HUF or EUR");
        PaymentMethod paymentMethod = oneOf(f, "paymentMethod", PAYMENT_METHODS);
        InvoiceLanguage language = oneOf(f, "language", LANGUAGES);
        // absent = true; an explicit null is not a boolean (the schema refuses it too)
        boolean sendEmail = f.node.containsKey("sendEmail") ? bool(f.node.get("sendEmail"), f.path("sendEmail")) : true;
        Buyer buyer = readBuyer(f.object("buyer"), f.path("buyer"), sendEmail);
        Object linesValue = f.required("lines");
        String linesPath = f.path("lines");
        if (!(linesValue instanceof List<?> linesNode) || linesNode.size() < minLines
                || linesNode.size() > MAX_LINES) {
            throw new BadField(linesPath, "must be an array of " + minLines + " to " + MAX_LINES + " lines");
        }
        List<PurchaseLine> lines = new ArrayList<>(linesNode.size());
        for (int i = 0; i < linesNode.size(); i++) {
            String at = linesPath + "[" + i + "]";
            if (!(linesNode.get(i) instanceof Map<?, ?> line)) {
                throw new BadField(at, "must be an object");
            }
            lines.add(readLine(JsonValues.object(line), at));
        }
        return new Purchase(paidAt, currency, paymentMethod, language, buyer, lines);
    }

    private static Buyer readBuyer(Map<String, Object> node, String path, boolean sendEmail) {
        Fields f = new Fields(node, path, BUYER_FIELDS);
        BuyerType type = oneOf(f, "type", BUYER_TYPES);
        String name = singleLine(f, "name", MAX_NAME_LENGTH);
        Optional<String> email = f.optionalText("email")
                .map(e -> checkPattern(checkSingleLine(e, f.path("email"), MAX_EMAIL_LENGTH, false), EMAIL,
                        f.path("email"), "must be an e-mail address such as anna@example.hu"));
        String country = patterned(f, "country", COUNTRY, "must be an ISO 3166-1 alpha-2 code such as HU");
        String postalCode = singleLine(f, "postalCode", MAX_POSTAL_CODE_LENGTH);
        String city = singleLine(f, "city", MAX_CITY_LENGTH);
        String address = singleLine(f, "address", MAX_ADDRESS_LENGTH);
        Optional<String> taxNumber = f.optionalText("taxNumber")
                .map(t -> checkPattern(checkSingleLine(t, f.path("taxNumber"), 13, false), HU_TAX_NUMBER,
                        f.path("taxNumber"), "must be a Hungarian tax number NNNNNNNN-N-NN"));
        Optional<String> euVatNumber = f.optionalText("euVatNumber")
                .map(t -> checkPattern(checkSingleLine(t, f.path("euVatNumber"), 14, false), EU_VAT_NUMBER,
                        f.path("euVatNumber"),
                        "must be an EU VAT number of another member state: country prefix then 2-12 characters, such as DE123456789"));
        if (type == BuyerType.HU_COMPANY && taxNumber.isEmpty()) {
            throw new BadField(f.path("taxNumber"), "is required for a hu_company buyer");
        }
        if (type != BuyerType.HU_COMPANY && taxNumber.isPresent()) {
            throw new BadField(f.path("taxNumber"), "is only allowed for a hu_company buyer");
        }
        if (type == BuyerType.EU_COMPANY && euVatNumber.isEmpty()) {
            throw new BadField(f.path("euVatNumber"), "is required for an eu_company buyer");
        }
        if (type != BuyerType.EU_COMPANY && euVatNumber.isPresent()) {
            throw new BadField(f.path("euVatNumber"), "is only allowed for an eu_company buyer");
        }
        return new Buyer(type, name, email, sendEmail, country, postalCode, city, address, taxNumber, euVatNumber);
    }

    private static PurchaseLine readLine(Map<String, Object> node, String path) {
        Fields f = new Fields(node, path, LINE_FIELDS);
        String name = singleLine(f, "name", MAX_NAME_LENGTH);
        BigDecimal quantity = decimal(f, "quantity", QUANTITY,
                QUANTITY_HINT + " (at most 5 integer digits and 3 decimals)");
        String unit = singleLine(f, "unit", MAX_UNIT_LENGTH);
        BigDecimal unitPrice = decimal(f, "unitPrice", UNIT_PRICE,
                DECIMAL_HINT + " (at most 9 integer digits and 2 decimals; negative for a discount)");
        boolean priceIncludesVat = bool(f.required("priceIncludesVat"), f.path("priceIncludesVat"));
        String vatPath = f.path("vat");
        if (!(f.required("vat") instanceof String vatText)) {
            throw new BadField(vatPath, "must be a string: a VAT percentage such as \"27\" or a code such as \"AAM\"");
        }
        VatRate vat = VatRates.parse(vatText).orElseThrow(() -> new BadField(vatPath,
                "unknown VAT rate " + quote(vatText) + "; expected one of " + VatRates.values()));
        Optional<String> comment = f.optionalText("comment")
                .map(c -> checkText(c, f.path("comment"), MAX_COMMENT_LENGTH));
        return new PurchaseLine(name, quantity, unit, unitPrice, priceIncludesVat, vat, comment);
    }

    private static PurchaseRefunded readRefunded(Map<String, Object> node) {
        Fields f = new Fields(node, "", REFUNDED_FIELDS);
        readVersion(f);
        String purchaseId = id(f, "purchaseId");
        String accountId = id(f, "accountId");
        Instant refundedAt = timestamp(f, "refundedAt");
        Optional<String> reason = f.optionalText("reason")
                .map(r -> checkText(r, f.path("reason"), MAX_COMMENT_LENGTH));
        return new PurchaseRefunded(purchaseId, accountId, refundedAt, reason);
    }

    private static void readVersion(Fields f) {
        if (!(f.required("version") instanceof Number version)) {
            throw new BadField("version", "must be the number 1");
        }
        if (JsonValues.decimal(version).compareTo(BigDecimal.ONE) != 0) {
            throw new BadField("version", "unsupported version " + version + "; this service reads version 1");
        }
    }

    /** A JSON integer (a number with a zero fraction, such as 1.0, counts, as in JSON Schema and for version). */
    private static long readRevision(Fields f) {
        if (!(f.required("revision") instanceof Number revision)) {
            throw new BadField("revision", REVISION_HINT);
        }
        BigDecimal value = JsonValues.decimal(revision);
        if (value.compareTo(BigDecimal.ONE) < 0 || value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0
                || value.stripTrailingZeros().scale() > 0) {
            throw new BadField("revision", REVISION_HINT);
        }
        return value.longValueExact();
    }

    private static String id(Fields f, String name) {
        String value = text(f.required(name), f.path(name));
        checkSingleLine(value, f.path(name), ExternalIds.MAX_ID_LENGTH, false);
        return checkPattern(value, ExternalIds.ID, f.path(name), ID_HINT);
    }

    private static Instant timestamp(Fields f, String name) {
        String path = f.path(name);
        String value = checkPattern(checkSingleLine(text(f.required(name), path, TIMESTAMP_HINT), path,
                Integer.MAX_VALUE, false), TIMESTAMP, path, TIMESTAMP_HINT);
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadField(path, TIMESTAMP_HINT + " (no such date or time)");
        }
    }

    private static BigDecimal decimal(Fields f, String name, Pattern pattern, String hint) {
        String path = f.path(name);
        String value = text(f.required(name), path, hint);
        checkSingleLine(value, path, Integer.MAX_VALUE, false);
        return new BigDecimal(checkPattern(value, pattern, path, hint));
    }

    private static String patterned(Fields f, String name, Pattern pattern, String hint) {
        String path = f.path(name);
        String value = text(f.required(name), path, hint);
        return checkPattern(checkSingleLine(value, path, Integer.MAX_VALUE, false), pattern, path, hint);
    }

    private static <T> T oneOf(Fields f, String name, Map<String, T> values) {
        String path = f.path(name);
        String expected = "must be one of " + values.keySet().stream().sorted().toList();
        T value = values.get(text(f.required(name), path, expected));
        if (value == null) {
            throw new BadField(path, expected);
        }
        return value;
    }

    private static String singleLine(Fields f, String name, int maxLength) {
        String path = f.path(name);
        return checkSingleLine(text(f.required(name), path), path, maxLength, true);
    }

    private static String text(Object value, String path) {
        return text(value, path, "must be a string");
    }

    private static String text(Object value, String path, String hint) {
        if (!(value instanceof String text)) {
            throw new BadField(path, hint);
        }
        return text;
    }

    private static boolean bool(Object value, String path) {
        if (!(value instanceof Boolean b)) {
            throw new BadField(path, "must be true or false");
        }
        return b;
    }

    private static String checkSingleLine(String value, String path, int maxLength, boolean nonBlank) {
        if (NOT_SINGLE_LINE.matcher(value).find()) {
            throw new BadField(path, "must be a single line without control characters");
        }
        return checkCommon(value, path, maxLength, nonBlank);
    }

    private static String checkText(String value, String path, int maxLength) {
        if (NOT_XML_TEXT.matcher(value).find()) {
            throw new BadField(path, "must not contain control characters other than tab and line breaks");
        }
        return checkCommon(value, path, maxLength, false);
    }

    private static String checkCommon(String value, String path, int maxLength, boolean nonBlank) {
        if (hasUnpairedSurrogate(value)) {
            throw new BadField(path, "must be valid Unicode text (unpaired surrogate)");
        }
        if (value.codePointCount(0, value.length()) > maxLength) {
            throw new BadField(path, "must be at most " + maxLength + " characters");
        }
        if (nonBlank && !NON_BLANK.matcher(value).find()) {
            throw new BadField(path, "must not be blank");
        }
        return value;
    }

    private static String checkPattern(String value, Pattern pattern, String path, String hint) {
        if (!pattern.matcher(value).matches()) {
            throw new BadField(path, hint);
        }
        return value;
    }

    private static boolean hasUnpairedSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** A short, printable rendering of a value for an error reason. */
    private static String quote(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return "\"" + shown.replaceAll("[\\p{Cntrl}\\p{Cs}\"\\\\]", "?") + "\"";
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        int cut = message.indexOf('\n');
        if (cut >= 0) {
            message = message.substring(0, cut);
        }
        if (message.length() > 200) {
            message = message.substring(0, 200) + "…";
        }
        JsonLocation location = e.getLocation();
        return location == null || location.getLineNr() < 0 ? message
                : message + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** The fields of one JSON object, with unknown-field detection and path names. */
    private static final class Fields {
        private final Map<String, Object> node;
        private final String path;

        Fields(Map<String, Object> node, String path, Set<String> allowed) {
            this.node = node;
            this.path = path;
            for (String name : node.keySet()) {
                if (!allowed.contains(name)) {
                    throw new BadField(path(quote(name).replace("\"", "")), "unknown field");
                }
            }
        }

        String path(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        Object required(String name) {
            Object value = node.get(name);
            if (value == null) {
                throw new BadField(path(name), "is required");
            }
            return value;
        }

        Optional<String> optionalText(String name) {
            return Optional.ofNullable(node.get(name)).map(v -> text(v, path(name)));
        }

        Map<String, Object> object(String name) {
            if (!(required(name) instanceof Map<?, ?> value)) {
                throw new BadField(path(name), "must be an object");
            }
            return JsonValues.object(value);
        }
    }

    /** Internal control flow of the parser; never escapes {@link #parse(String)}. */
    private static final class BadField extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String field;
        private final String reason;

        BadField(String field, String reason) {
            super(field + ": " + reason, null, false, false);
            this.field = field;
            this.reason = reason;
        }
    }
}
