package hu.autoinvoice.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * DynamoDB attribute values as they travel on the wire ({@code {"S": "x"}}, {@code {"N": "1.5"}}, {@code {"M": {...}}}
 * ...), kept as Jackson nodes: checking and normalising what a request brings, comparing, sizing. Stored values are
 * never changed in place (an update works on a deep copy), so they may be shared between threads and replies.
 */
final class DynamoValues {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BigDecimal MAX_NUMBER = new BigDecimal("1E+126");
    private static final BigDecimal MIN_NUMBER = new BigDecimal("1E-130");
    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private DynamoValues() {}

    /** The type tag ({@code S}, {@code N}, ..., {@code M}); the value must be well formed. */
    static String type(JsonNode value) {
        return value.fieldNames().next();
    }

    static JsonNode payload(JsonNode value) {
        return value.elements().next();
    }

    static ObjectNode of(String type, JsonNode payload) {
        ObjectNode node = NODES.objectNode();
        node.set(type, payload);
        return node;
    }

    static ObjectNode string(String s) {
        return NODES.objectNode().put("S", s);
    }

    static ObjectNode number(BigDecimal n) {
        return NODES.objectNode().put("N", format(n));
    }

    /** A request's item (map of attribute values), checked and normalised into a fresh node. */
    static ObjectNode item(JsonNode item, String what) throws AwsJsonError {
        if (item == null || !item.isObject()) {
            throw AwsJsonError.validation(dynamoValidation(what + " must be a map of attribute values"));
        }
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.set(e.getKey(), value(e.getValue()));
        }
        return out;
    }

    /** One attribute value from a request, checked (exactly one type, sets non-empty and distinct, numbers valid). */
    static JsonNode value(JsonNode value) throws AwsJsonError {
        if (value == null || !value.isObject() || value.size() != 1) {
            throw invalid("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        }
        String type = type(value);
        JsonNode p = payload(value);
        return switch (type) {
            case "S" -> requireText(p, value);
            case "N" -> number(parseNumber(p));
            case "B" -> {
                requireText(p, value);
                base64(p.asText());
                yield value;
            }
            case "BOOL" -> {
                if (!p.isBoolean()) {
                    throw new AwsJsonError("SerializationException", "BOOL must be a boolean");
                }
                yield value;
            }
            case "NULL" -> {
                if (!p.isBoolean() || !p.asBoolean()) {
                    throw invalid("Null attribute value types must have the value of true");
                }
                yield value;
            }
            case "M" -> of("M", item(p, "M"));
            case "L" -> {
                if (!p.isArray()) {
                    throw new AwsJsonError("SerializationException", "L must be a list");
                }
                ArrayNode list = NODES.arrayNode();
                for (JsonNode element : p) {
                    list.add(value(element));
                }
                yield of("L", list);
            }
            case "SS", "BS", "NS" -> set(type, p);
            default -> throw invalid("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        };
    }

    private static JsonNode set(String type, JsonNode p) throws AwsJsonError {
        if (!p.isArray()) {
            throw new AwsJsonError("SerializationException", type + " must be a list");
        }
        if (p.isEmpty()) {
            throw invalid("One or more parameter values were invalid: An " + switch (type) {
                case "SS" -> "string";
                case "NS" -> "number";
                default -> "binary";
            } + " set  may not be empty");
        }
        ArrayNode out = NODES.arrayNode();
        Set<String> seen = new HashSet<>();
        for (JsonNode element : p) {
            if (!element.isTextual()) {
                throw new AwsJsonError("SerializationException", type + " elements must be strings");
            }
            String text = type.equals("NS") ? format(parseNumber(element)) : element.asText();
            if (type.equals("BS")) {
                base64(text);
            }
            if (!seen.add(type.equals("NS") ? text : text)) {
                throw invalid("One or more parameter values were invalid: Input collection " + p + " contains duplicates.");
            }
            out.add(text);
        }
        return of(type, out);
    }

    private static JsonNode requireText(JsonNode p, JsonNode value) throws AwsJsonError {
        if (!p.isTextual()) {
            throw new AwsJsonError("SerializationException", "Expected a string");
        }
        return value;
    }

    static BigDecimal parseNumber(JsonNode p) throws AwsJsonError {
        if (p == null || !p.isTextual()) {
            throw new AwsJsonError("SerializationException", "N must be a string");
        }
        return parseNumber(p.asText());
    }

    static BigDecimal parseNumber(String text) throws AwsJsonError {
        if (text.isEmpty()) {
            throw invalid("The parameter cannot be converted to a numeric value");
        }
        // DynamoDB's (and dynalite's) number syntax: no plus sign, no blanks, no NaN/Infinity
        if (!NUMBER.matcher(text).matches()) {
            throw invalid("The parameter cannot be converted to a numeric value: " + text);
        }
        BigDecimal n = new BigDecimal(text);
        checkRange(n);
        return n;
    }

    static void checkRange(BigDecimal n) throws AwsJsonError {
        BigDecimal abs = n.abs();
        if (abs.signum() != 0 && abs.compareTo(MAX_NUMBER) >= 0) {
            throw invalid("Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (abs.signum() != 0 && abs.compareTo(MIN_NUMBER) < 0) {
            throw invalid("Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        if (n.stripTrailingZeros().precision() > 38) {
            throw invalid("Attempting to store more than 38 significant digits in a Number");
        }
    }

    /** How DynamoDB writes a number back: plain notation, no trailing zeros, no plus sign. */
    static String format(BigDecimal n) {
        if (n.signum() == 0) {
            return "0";
        }
        return n.stripTrailingZeros().toPlainString();
    }

    static byte[] base64(String text) throws AwsJsonError {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new AwsJsonError("SerializationException", "Base64 encoded length is expected a multiple of 4 bytes");
        }
    }

    /** Equality as DynamoDB means it: same type and value; numbers numerically, sets regardless of order. */
    static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        String type = type(a);
        if (!type.equals(type(b))) {
            return false;
        }
        JsonNode pa = payload(a);
        JsonNode pb = payload(b);
        return switch (type) {
            case "N" -> new BigDecimal(pa.asText()).compareTo(new BigDecimal(pb.asText())) == 0;
            case "SS", "BS", "NS" -> pa.size() == pb.size() && setOf(type, pa).equals(setOf(type, pb));
            case "M" -> {
                if (pa.size() != pb.size()) {
                    yield false;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = pa.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!same(e.getValue(), pb.get(e.getKey()))) {
                        yield false;
                    }
                }
                yield true;
            }
            case "L" -> {
                if (pa.size() != pb.size()) {
                    yield false;
                }
                for (int i = 0; i < pa.size(); i++) {
                    if (!same(pa.get(i), pb.get(i))) {
                        yield false;
                    }
                }
                yield true;
            }
            case "B" -> java.util.Arrays.equals(Base64.getDecoder().decode(pa.asText()), Base64.getDecoder().decode(pb.asText()));
            default -> pa.equals(pb);
        };
    }

    static Set<Object> setOf(String type, JsonNode elements) {
        Set<Object> out = new HashSet<>();
        for (JsonNode e : elements) {
            out.add(switch (type) {
                case "NS" -> new BigDecimal(e.asText()).stripTrailingZeros();
                case "BS" -> java.nio.ByteBuffer.wrap(Base64.getDecoder().decode(e.asText()));
                default -> e.asText();
            });
        }
        return out;
    }

    /**
     * Order of two scalar values of one type (S by code point, i.e. UTF-8 byte order; N numerically; B by unsigned
     * bytes); {@code null} when they cannot be ordered (different types, or not S/N/B).
     */
    static Integer order(JsonNode a, JsonNode b) {
        String type = type(a);
        if (!type.equals(type(b))) {
            return null;
        }
        return switch (type) {
            case "S" -> compareCodePoints(payload(a).asText(), payload(b).asText());
            case "N" -> new BigDecimal(payload(a).asText()).compareTo(new BigDecimal(payload(b).asText()));
            case "B" -> java.util.Arrays.compareUnsigned(Base64.getDecoder().decode(payload(a).asText()),
                    Base64.getDecoder().decode(payload(b).asText()));
            default -> null;
        };
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** {@code size()} of the condition language: characters, bytes or elements; null for other types. */
    static Integer size(JsonNode value) {
        JsonNode p = payload(value);
        return switch (type(value)) {
            case "S" -> p.asText().length();
            case "B" -> Base64.getDecoder().decode(p.asText()).length;
            case "SS", "NS", "BS", "L", "M" -> p.size();
            default -> null;
        };
    }

    /** Rough item size in bytes (attribute names plus values), for the 400 KB item limit. */
    static long itemSize(JsonNode item) {
        long size = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            size += e.getKey().length() + valueSize(e.getValue());
        }
        return size;
    }

    private static long valueSize(JsonNode value) {
        JsonNode p = payload(value);
        return switch (type(value)) {
            case "S" -> p.asText().length();
            case "N" -> p.asText().length() / 2 + 1;
            case "B" -> p.asText().length() * 3L / 4;
            case "BOOL", "NULL" -> 1;
            case "M" -> 3 + itemSize(p);
            case "L" -> {
                long s = 3;
                for (JsonNode e : p) {
                    s += 1 + valueSize(e);
                }
                yield s;
            }
            default -> {
                long s = 0;
                for (JsonNode e : p) {
                    s += e.asText().length();
                }
                yield s;
            }
        };
    }

    static AwsJsonError invalid(String message) {
        return FakeDynamoDb.validation(message);
    }

    private static String dynamoValidation(String message) {
        return message;
    }
}
