package hu.autoinvoice.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link JsonValues}: what it reads, what it refuses in strict mode, and that writing reads back the same. */
class JsonValuesTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void readsEveryKindOfValueInDocumentOrder() throws IOException {
        Object value = JsonValues.read(bytes("""
                {"z":1,"a":[true,false,null],"n":-9223372036854775809,"d":12.50,"e":1e3,"s":"árvíztűrő \\u2028","o":{}}"""));
        Map<String, Object> object = JsonValues.object(value);
        assertThat(object.keySet()).containsExactly("z", "a", "n", "d", "e", "s", "o");
        assertThat(object.get("z")).isEqualTo(1L);
        assertThat(JsonValues.array(object.get("a"))).containsExactly(true, false, null);
        assertThat(object.get("n")).isEqualTo(new BigInteger("-9223372036854775809"));
        assertThat(object.get("d")).isEqualTo(new BigDecimal("12.50")); // exact, scale kept
        assertThat(object.get("e")).isEqualTo(new BigDecimal("1E+3"));
        assertThat(object.get("s")).isEqualTo("árvíztűrő \u2028");
        assertThat(JsonValues.object(object.get("o"))).isEmpty();
        assertThat(JsonValues.read(bytes(""))).isNull();
    }

    @Test
    void strictParsingRefusesDuplicatesTrailingContentAndNothing() {
        assertThatThrownBy(() -> JsonValues.parseStrict("{\"a\":1,\"a\":2}")).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> JsonValues.parseStrict("{\"o\":{\"b\":1,\"b\":1}}")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> JsonValues.parseStrict("{} {}")).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("Trailing token");
        assertThatThrownBy(() -> JsonValues.parseStrict("   ")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> JsonValues.parseStrict("{\"a\":}")).isInstanceOf(JsonProcessingException.class)
                .satisfies(e -> assertThat(((JsonProcessingException) e).getLocation().getColumnNr()).isPositive());
    }

    @Test
    void numbersWithAnExponentOutOfRangeAreRefusedNotThrownOrExpanded() throws IOException {
        // a fuzzed queue message once carried 1e9999992000: jackson's BigDecimal conversion throws an unchecked
        // NumberFormatException there, and a 1e999999 would be a million digits for toPlainString
        for (String number : new String[] {"1e9999992000", "1e999999", "-2.5E-1001"}) {
            assertThatThrownBy(() -> JsonValues.parseStrict("{\"version\":" + number + "}")).as(number)
                    .isInstanceOf(JsonProcessingException.class).hasMessageContaining("number out of range");
        }
        assertThat(JsonValues.parseStrict("[1e1000, 2.5E-3]")).isEqualTo(java.util.List.of(
                new java.math.BigDecimal("1e1000"), new java.math.BigDecimal("0.0025")));
    }

    @Test
    void textsOfScalarsObjectsAndAbsentMembers() {
        Map<String, Object> object = JsonValues.object(readString("""
                {"s":"x","n":7,"d":1.50,"b":true,"o":{"k":[1,"2"]},"m":{"a":1,"b":null},"l":["x",2]}"""));
        assertThat(JsonValues.text(object, "s")).isEqualTo("x");
        assertThat(JsonValues.text(object, "n")).isEqualTo("7");
        assertThat(JsonValues.text(object, "d")).isEqualTo("1.50");
        assertThat(JsonValues.text(object, "b")).isEqualTo("true");
        assertThat(JsonValues.text(object, "o")).isEqualTo("{\"k\":[1,\"2\"]}");
        assertThat(JsonValues.text(object, "absent")).isNull();
        assertThat(JsonValues.textMap(object, "m")).containsEntry("a", "1").containsEntry("b", null);
        assertThat(JsonValues.textMap(object, "s")).isNull();
        assertThat(JsonValues.textList(object, "l")).containsExactly("x", "2");
    }

    @Test
    void writingThenReadingGivesTheSameValueAndJacksonReadsTheSameTree() throws IOException {
        Random random = new Random(20261127);
        for (int i = 0; i < 2_000; i++) {
            Object value = randomValue(random, 0);
            String json = JsonValues.toJson(value);
            assertThat(JsonValues.read(bytes(json))).as(json).isEqualTo(normalised(value));
            assertThat(JACKSON.readTree(json)).as(json).isEqualTo(JACKSON.readTree(JsonValues.toJson(normalised(value))));
        }
    }

    @Test
    void writesNullMembersEnumsAndRefusesWhatIsNotJson() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("a", null);
        object.put("e", java.time.DayOfWeek.MONDAY);
        object.put("i", 3);
        assertThat(JsonValues.toJson(object)).isEqualTo("{\"a\":null,\"e\":\"MONDAY\",\"i\":3}");
        assertThatThrownBy(() -> JsonValues.toJson(Map.of("t", java.time.Instant.EPOCH)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.time.Instant");
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 6 : 8);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextLong();
            case 3 -> new BigDecimal(BigInteger.valueOf(random.nextLong()), 1 + random.nextInt(6));
            case 4 -> new BigInteger(80, random).negate();
            case 5 -> randomText(random);
            case 6 -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    map.put(randomText(random), randomValue(random, depth + 1));
                }
                yield map;
            }
            default -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
        };
    }

    private static String randomText(Random random) {
        char[] pool = "aZ09 \"\\/\n\t\u0000\u001f\u2028é€<&>]]>".toCharArray();
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            text.append(pool[random.nextInt(pool.length)]);
        }
        return text + (random.nextInt(10) == 0 ? "😀" : "");
    }

    /** What reading gives back: integers as Long (or BigInteger beyond long). */
    private static Object normalised(Object value) {
        return switch (value) {
            case BigInteger i when i.bitLength() < 64 -> i.longValue();
            case Map<?, ?> m -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                m.forEach((k, v) -> copy.put(k, normalised(v)));
                yield copy;
            }
            case List<?> l -> l.stream().map(JsonValuesTest::normalised).toList();
            case null, default -> value;
        };
    }

    private static Object readString(String json) {
        try {
            return JsonValues.read(bytes(json));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ByteArrayInputStream bytes(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
