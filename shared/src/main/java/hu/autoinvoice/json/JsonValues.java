package hu.autoinvoice.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as plain Java values, read and written with jackson-core's streaming API only — no object mapper: the
 * functions' cold start loads about 300 classes less than with jackson-databind (docs/PERFORMANCE.md).
 * <p>
 * A JSON value is read as {@code Map<String, Object>} (members in document order), {@code List<Object>},
 * {@code String}, {@code Long} or {@code BigInteger} (integers), {@code BigDecimal} (numbers with a fraction or an
 * exponent), {@code Boolean}, or {@code null}. {@link #write} takes the same shapes (any {@code Number}, any
 * {@code Collection}, enums by name); a map entry whose value is {@code null} is written as {@code null}.
 */
public final class JsonValues {

    private static final JsonFactory LENIENT = JsonFactory.builder().build();
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private JsonValues() {}

    /** The whole input as one value (Lambda payloads); empty input is {@code null}. */
    public static Object read(InputStream in) throws IOException {
        try (JsonParser parser = LENIENT.createParser(in)) {
            JsonToken first = parser.nextToken();
            return first == null ? null : value(parser, first);
        }
    }

    /**
     * Parses one document strictly, for input from outside: a duplicate member name, trailing content or an empty
     * text is an error. The exception's original message and location describe the problem.
     */
    public static Object parseStrict(String json) throws JsonProcessingException {
        try (JsonParser parser = STRICT.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new com.fasterxml.jackson.core.JsonParseException(parser, "No content to map due to end-of-input");
            }
            Object value = value(parser, first);
            if (parser.nextToken() != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(parser,
                        "Trailing token (of type " + parser.currentToken() + ") found after value");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code value} as UTF-8 JSON without closing {@code out}. */
    public static void write(Object value, OutputStream out) throws IOException {
        try (JsonGenerator generator = LENIENT.createGenerator(out)) {
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            write(generator, value);
        }
    }

    /** {@code value} as a JSON text. */
    public static String toJson(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** {@code value} when it is a JSON object, otherwise an empty map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** {@code value} when it is a JSON array, otherwise an empty list. */
    @SuppressWarnings("unchecked")
    public static List<Object> array(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** A member as text: strings as they are, numbers and booleans as written, objects/arrays as JSON, absent → null. */
    public static String text(Map<String, Object> object, String name) {
        return text(object.get(name));
    }

    /** A JSON object of scalars as {@code Map<String, String>} ({@link #text}); absent or not an object → null. */
    public static Map<String, String> textMap(Map<String, Object> object, String name) {
        if (!(object.get(name) instanceof Map<?, ?> m)) {
            return null;
        }
        Map<String, String> result = new LinkedHashMap<>();
        m.forEach((k, v) -> result.put((String) k, text(v)));
        return result;
    }

    /** A JSON array as a list of texts; absent or not an array → null. */
    public static List<String> textList(Map<String, Object> object, String name) {
        if (!(object.get(name) instanceof List<?> l)) {
            return null;
        }
        List<String> result = new ArrayList<>(l.size());
        l.forEach(v -> result.add(text(v)));
        return result;
    }

    /** Exponents beyond this are refused: no figure of ours needs one, and {@code 1e999999999} must not crash or fill memory. */
    static final int MAX_EXPONENT = 1000;

    private static BigDecimal decimal(JsonParser parser) throws IOException {
        BigDecimal value;
        try {
            value = parser.getDecimalValue();
        } catch (NumberFormatException e) {
            throw new com.fasterxml.jackson.core.JsonParseException(parser, "number out of range");
        }
        if (Math.abs((long) value.scale()) > MAX_EXPONENT) {
            throw new com.fasterxml.jackson.core.JsonParseException(parser, "number out of range");
        }
        return value;
    }

    /** A number as a {@code BigDecimal}, exactly as written. */
    public static BigDecimal decimal(Number number) {
        return switch (number) {
            case BigDecimal d -> d;
            case BigInteger i -> new BigDecimal(i);
            default -> BigDecimal.valueOf(number.longValue());
        };
    }

    private static String text(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case BigDecimal d -> d.toString();
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            default -> toJson(value);
        };
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    map.put(name, value(parser, parser.nextToken()));
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    list.add(value(parser, t));
                }
                yield list;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> decimal(parser);
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new com.fasterxml.jackson.core.JsonParseException(parser, "Unexpected token " + token);
        };
    }

    private static void write(JsonGenerator g, Object value) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case BigDecimal d -> g.writeNumber(d);
            case BigInteger i -> g.writeNumber(i);
            case Double d -> g.writeNumber(d);
            case Float f -> g.writeNumber(f);
            case Number n -> g.writeNumber(n.longValue());
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case Collection<?> c -> {
                g.writeStartArray();
                for (Object o : c) {
                    write(g, o);
                }
                g.writeEndArray();
            }
            case Enum<?> e -> g.writeString(e.name());
            default -> throw new IllegalArgumentException("Not a JSON value: " + value.getClass().getName());
        }
    }
}
