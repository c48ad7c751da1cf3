package hu.autoinvoice.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hu.autoinvoice.PropertyRuns;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generated messages: the parser accepts them and round-trips them through its canonical JSON; the JSON Schema
 * accepts them too; an amendment's remaining purchase is what its fields parse to as a {@code purchase.paid}; and
 * after a random mutation (field removed, unknown field added, value replaced) the parser and the schema still give
 * the same verdict.
 */
class PurchaseMessagePropertyTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<JsonNode> REPLACEMENTS = List.of(
            NODES.numberNode(1), NODES.numberNode(24990), NODES.numberNode(new java.math.BigDecimal("12.50")),
            NODES.numberNode(0), NODES.numberNode(2147483648L), NODES.numberNode(new java.math.BigDecimal("2.0")),
            NODES.textNode("1"), NODES.textNode("0"), NODES.textNode("-1"), NODES.textNode("27"),
            NODES.textNode("AAM"), NODES.textNode("HUF"), NODES.textNode("hu"), NODES.textNode("card"),
            NODES.textNode("person"), NODES.textNode("hu_company"), NODES.textNode(""), NODES.textNode("  "),
            NODES.textNode("x\n"), NODES.textNode("a\tb"), NODES.textNode("bell\u0007"), NODES.textNode("P-1"),
            NODES.textNode("x".repeat(300)), NODES.textNode("2026-02-30T00:00:00Z"),
            NODES.textNode("2026-11-27T18:05:11+01:00"), NODES.textNode("12345676-2-41"),
            NODES.textNode("DE123456789"), NODES.textNode("a@b.hu"), NODES.booleanNode(true), NODES.nullNode(),
            NODES.objectNode(), NODES.arrayNode());

    static Gen<String> mutated() {
        return PurchaseJsonGenerators.messages().zip(Generate.range(0, 10_000), Generate.range(0, 2),
                Generate.range(0, REPLACEMENTS.size() - 1),
                (message, where, kind, replacement) -> mutate(message, where, kind, replacement).toString());
    }

    @Test
    void generatedMessagesParseAndRoundTrip() {
        PropertyRuns.check("generatedMessagesParseAndRoundTrip", PurchaseJsonGenerators.messages(), json -> {
            ParseResult result = PurchaseMessages.parse(json.toString());
            assertThat(result).as("%s", result).isInstanceOf(ParseResult.Valid.class);
            InvoiceRequestMessage message = ((ParseResult.Valid) result).message();
            assertThat(message.purchaseId()).isEqualTo(json.get("purchaseId").textValue());
            assertThat(message.type()).isEqualTo(json.get("type").textValue());

            String canonical = PurchaseMessages.toJson(message);
            ParseResult again = PurchaseMessages.parse(canonical);
            assertThat(again).isEqualTo(new ParseResult.Valid(message));
            assertThat(PurchaseMessages.toJson(((ParseResult.Valid) again).message())).isEqualTo(canonical);
            assertThat(MessageSchema.accepts(canonical)).isTrue();
        });
    }

    @Test
    void theSchemaAcceptsGeneratedMessages() {
        PropertyRuns.check("theSchemaAcceptsGeneratedMessages", PurchaseJsonGenerators.messages(),
                json -> assertThat(MessageSchema.errors(json)).isEmpty());
    }

    @Test
    void anAmendmentStandsAsItsPurchase() {
        PropertyRuns.check("anAmendmentStandsAsItsPurchase", PurchaseJsonGenerators.amendments(), json -> {
            PurchaseAmended amended = (PurchaseAmended) ((ParseResult.Valid) PurchaseMessages.parse(json.toString()))
                    .message();
            ObjectNode paid = json.deepCopy();
            paid.put("type", "purchase.paid");
            paid.remove(List.of("revision", "amendedAt"));
            ParseResult asPaid = PurchaseMessages.parse(paid.toString());
            if (amended.lines().isEmpty()) {
                assertThat(amended.remaining()).isEmpty();
                assertThat(asPaid).isInstanceOf(ParseResult.Invalid.class);
            } else {
                assertThat(asPaid).isEqualTo(new ParseResult.Valid(amended.remaining().orElseThrow()));
            }
        });
    }

    @Test
    void parserAndSchemaAgreeOnMutatedMessages() {
        PropertyRuns.check("parserAndSchemaAgreeOnMutatedMessages", mutated(), json -> {
            ParseResult parsed = PurchaseMessages.parse(json);
            boolean schemaAccepts = MessageSchema.accepts(json);
            assertThat(parsed instanceof ParseResult.Valid).as("parser %s, schema accepts %s, message %s", parsed,
                    schemaAccepts, json).isEqualTo(schemaAccepts);
        });
    }

    /** Applies mutation {@code kind} (0 remove, 1 add unknown field, 2 replace) at location number {@code where}. */
    private static JsonNode mutate(ObjectNode original, int where, int kind, int replacement) {
        ObjectNode copy = original.deepCopy();
        List<Object[]> locations = new ArrayList<>();
        collect(copy, locations);
        Object[] location = locations.get(where % locations.size());
        JsonNode parent = (JsonNode) location[0];
        Object key = location[1];
        JsonNode value = REPLACEMENTS.get(replacement);
        switch (kind) {
            case 0 -> {
                if (parent instanceof ObjectNode o) {
                    o.remove((String) key);
                } else {
                    ((ArrayNode) parent).remove((Integer) key);
                }
            }
            case 1 -> {
                if (parent instanceof ObjectNode o) {
                    o.set("extra", value);
                } else {
                    ((ArrayNode) parent).add(value);
                }
            }
            default -> {
                if (parent instanceof ObjectNode o) {
                    o.set((String) key, value);
                } else {
                    ((ArrayNode) parent).set((Integer) key, value);
                }
            }
        }
        return copy;
    }

    private static void collect(JsonNode node, List<Object[]> locations) {
        if (node instanceof ObjectNode o) {
            o.fieldNames().forEachRemaining(name -> {
                locations.add(new Object[] {o, name});
                collect(o.get(name), locations);
            });
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                locations.add(new Object[] {a, i});
                collect(a.get(i), locations);
            }
        }
    }
}
