package hu.autoinvoice.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import hu.autoinvoice.ledger.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The outcome event contract (events/schema/invoice-outcome.v1.schema.json and its parts) against the samples in
 * events/outcomes/: every sample is an EventBridge event whose detail the schema accepts (one per type, plus a
 * receipt's issued and reversed: the same types with {@code documentType} receipt), every file in
 * events/outcomes/invalid/ is refused for the rule it breaks, and the schema's reasons are the ledger's.
 */
class OutcomeSchemaTest {

    private static final List<String> TYPES = List.of("invoice.issued", "invoice.parked", "invoice.failed", "invoice.reversed");
    /** The receipt samples: {@code <type>.receipt.json}, a receipt's outcome under the same event type. */
    private static final List<String> RECEIPT_SAMPLES = List.of("invoice-issued.receipt.json", "invoice-reversed.receipt.json");

    /** Each invalid detail and the field its errors (under its own type's schema) all name. */
    private static final Map<String, String> INVALID = Map.ofEntries(
            Map.entry("totals-as-number.json", "totals"),
            Map.entry("amount-three-decimals.json", "/totals/gross"),
            Map.entry("issued-without-invoice-number.json", "invoiceNumber"),
            Map.entry("parked-with-invoice-number.json", "invoiceNumber"),
            Map.entry("reversed-without-storno-number.json", "stornoNumber"),
            Map.entry("unknown-reason.json", "reason"),
            Map.entry("extra-property.json", "buyerEmail"),
            Map.entry("version-2.json", "version"),
            Map.entry("event-id-not-a-uuid.json", "eventId"),
            Map.entry("event-id-random-uuid.json", "eventId"),
            Map.entry("occurred-at-not-utc.json", "occurredAt"),
            Map.entry("revision-negative.json", "revision"),
            Map.entry("document-type-unknown.json", "documentType"));

    @TestFactory
    Stream<DynamicTest> everySampleIsAnEventBridgeEventWithAValidDetail() throws IOException {
        List<Path> samples = jsonFiles(OutcomeSchema.outcomesDir());
        assertThat(samples.stream().map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrderElementsOf(Stream.concat(TYPES.stream().map(t -> t.replace('.', '-') + ".json"),
                        RECEIPT_SAMPLES.stream()).toList());
        return samples.stream().map(sample -> DynamicTest.dynamicTest(sample.getFileName().toString(), () -> {
            JsonNode event = OutcomeSchema.JSON.readTree(OutcomeSchema.read(sample));
            JsonNode detail = event.get("detail");
            assertThat(OutcomeSchema.errors(detail)).as("schema errors").isEmpty();
            assertThat(event.path("detail-type").asText()).isEqualTo(detail.path("type").asText())
                    .isEqualTo(sample.getFileName().toString().replace(".receipt", "").replace(".json", "").replace('-', '.'));
            assertThat(detail.path("documentType").asText()).as("documentType")
                    .isEqualTo(RECEIPT_SAMPLES.contains(sample.getFileName().toString()) ? "receipt" : "invoice");
            assertThat(event.path("source").asText()).isEqualTo("hu.autoinvoice");
            assertThat(event.path("version").asText()).isEqualTo("0");
            assertThat(event.path("resources").isArray()).isTrue();
            for (String key : List.of("id", "account", "time", "region")) {
                assertThat(event.path(key).isTextual()).as(key).isTrue();
            }
            // the one sample per type is also accepted by that type's own schema
            assertThat(OutcomeSchema.errors(OutcomeSchema.schema(schemaFile(detail)), detail)).isEmpty();
        }));
    }

    @Test
    void theFailedSampleIsARefusedStorno() throws IOException {
        JsonNode detail = OutcomeSchema.JSON.readTree(OutcomeSchema.read(OutcomeSchema.outcomesDir().resolve("invoice-failed.json")))
                .get("detail");
        assertThat(detail.get("invoiceNumber").isTextual()).isTrue();
        assertThat(OutcomeSchema.accepts(detail.toString().replace("\"TIX-2026-21\"", "null")))
                .as("failed without an invoice").isTrue();
    }

    @Test
    void aReceiptsOutcomesAreTheInvoiceTypesWithDocumentTypeReceipt() throws IOException {
        for (String sample : RECEIPT_SAMPLES) {
            JsonNode detail = OutcomeSchema.JSON.readTree(detailOf(sample));
            assertThat(detail.get("type").asText()).as(sample).startsWith("invoice.");
            assertThat(detail.get("documentType").asText()).isEqualTo("receipt");
            assertThat(detail.get("eInvoice").asBoolean(true)).as("a receipt is never an e-invoice").isFalse();
            assertThat(detail.get("invoiceNumber").asText()).as("the receipt's number").isNotBlank();
        }
        assertThat(OutcomeSchema.JSON.readTree(detailOf("invoice-reversed.receipt.json")).get("stornoNumber").asText())
                .as("the receipt storno's number").isNotBlank();
    }

    @Test
    void documentTypeIsOptionalInV1AndAnAbsentOneIsAnInvoice() throws IOException {
        String issued = detailOf("invoice-issued.json");
        String receipt = detailOf("invoice-issued.receipt.json");
        assertThat(issued).contains("\"documentType\":\"invoice\"");
        // a detail published before documentType existed: still valid v1, read as an invoice's
        assertThat(OutcomeSchema.accepts(issued.replace("\"documentType\":\"invoice\",", ""))).as("absent").isTrue();
        assertThat(OutcomeSchema.accepts(receipt.replace("\"documentType\":\"receipt\",", ""))).isTrue();
        JsonNode common = OutcomeSchema.JSON.readTree(OutcomeSchema.read(OutcomeSchema.schemaDir().resolve("outcome-common.v1.schema.json")));
        assertThat(common.path("$defs").path("documentType").path("default").asText()).isEqualTo("invoice");
        // only the two names, exactly as the API writes them (hu.autoinvoice.invoice.DocumentType)
        for (hu.autoinvoice.invoice.DocumentType type : hu.autoinvoice.invoice.DocumentType.values()) {
            assertThat(OutcomeSchema.accepts(issued.replace("\"invoice\",\"invoiceNumber", "\"" + type.apiValue() + "\",\"invoiceNumber")))
                    .as(type.apiValue()).isTrue();
        }
        for (String bad : List.of("\"RECEIPT\"", "\"proforma\"", "null", "\"\"")) {
            assertThat(OutcomeSchema.accepts(issued.replace("\"documentType\":\"invoice\"", "\"documentType\":" + bad)))
                    .as(bad).isFalse();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyInvalidDetailIsRefusedForItsRule() throws IOException {
        List<Path> files = jsonFiles(OutcomeSchema.outcomesDir().resolve("invalid"));
        assertThat(files.stream().map(p -> p.getFileName().toString()))
                .as("every invalid file says which field it breaks (INVALID)")
                .containsExactlyInAnyOrderElementsOf(INVALID.keySet());
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String json = OutcomeSchema.read(file);
            assertThat(OutcomeSchema.accepts(json)).as("accepted").isFalse();
            JsonNode detail = OutcomeSchema.JSON.readTree(json);
            Set<String> errors = OutcomeSchema.errors(OutcomeSchema.schema(schemaFile(detail)), detail);
            String field = INVALID.get(file.getFileName().toString());
            assertThat(errors).as("errors under " + schemaFile(detail)).isNotEmpty()
                    .allSatisfy(message -> assertThat(message).contains(field));
        }));
    }

    @Test
    void theReasonsAreTheLedgersReasons() throws IOException {
        JsonNode common = OutcomeSchema.JSON.readTree(OutcomeSchema.read(OutcomeSchema.schemaDir().resolve("outcome-common.v1.schema.json")));
        JsonNode names = common.path("$defs").path("reason").path("enum");
        List<String> listed = StreamSupport.stream(names.spliterator(), false).map(JsonNode::asText).toList();
        assertThat(listed).doesNotHaveDuplicates();
        assertThat(new HashSet<>(listed)).as("outcome-common.v1 $defs.reason.enum vs hu.autoinvoice.ledger.Reason")
                .isEqualTo(Arrays.stream(Reason.values()).map(Enum::name).collect(Collectors.toSet()));
    }

    @Test
    void everyReasonIsAcceptedAndOnlyOnParkedOrFailed() throws IOException {
        String parked = detailOf("invoice-parked.json");
        String issued = detailOf("invoice-issued.json");
        for (Reason reason : Reason.values()) {
            assertThat(OutcomeSchema.accepts(parked.replace("\"ACCOUNT_BLOCKED\"", "\"" + reason.name() + "\""))).as(reason.name()).isTrue();
            assertThat(OutcomeSchema.accepts(issued.replace("\"reason\":null", "\"reason\":\"" + reason.name() + "\""))).as(reason.name()).isFalse();
        }
        assertThat(OutcomeSchema.accepts(parked.replace("\"ACCOUNT_BLOCKED\"", "null"))).as("parked without a reason").isFalse();
        assertThat(OutcomeSchema.accepts(parked.replace("\"ACCOUNT_BLOCKED\"", "\"account_blocked\""))).isFalse();
    }

    @Test
    void theEventIdPatternAcceptsNameBasedUuids() throws IOException {
        String issued = detailOf("invoice-issued.json");
        String sampleId = "a43023b2-6375-3d1f-b6af-e43af9648614";
        assertThat(issued).contains(sampleId);
        for (String name : List.of("", "org-88/P-2026-000123/invoice.issued", "ai:org-42:P-1/invoice.failed/REFUND_REJECTED", "🎫")) {
            UUID id = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
            assertThat(OutcomeSchema.accepts(issued.replace(sampleId, id.toString()))).as(id.toString()).isTrue();
            assertThat(OutcomeSchema.accepts(issued.replace(sampleId, id.toString().toUpperCase()))).as("upper case").isFalse();
        }
        assertThat(OutcomeSchema.accepts(issued.replace(sampleId, UUID.randomUUID().toString()))).as("version 4").isFalse();
        assertThat(OutcomeSchema.accepts(issued.replace(sampleId, sampleId + "\\n"))).as("trailing line break").isFalse();
    }

    @Test
    void variations() throws IOException {
        String issued = detailOf("invoice-issued.json");
        String reversed = detailOf("invoice-reversed.json");
        // accepted
        assertThat(OutcomeSchema.accepts(issued.replace("\"12700\"", "\"12700.5\""))).isTrue();
        assertThat(OutcomeSchema.accepts(issued.replace("\"HUF\"", "\"EUR\""))).isTrue();
        assertThat(OutcomeSchema.accepts(issued.replace("\"version\":1", "\"version\":1.0"))).isTrue();
        assertThat(OutcomeSchema.accepts(issued.replace("2026-11-28T08:00:00Z", "2026-11-28T08:00:00.000000001Z"))).isTrue();
        assertThat(OutcomeSchema.accepts(issued.replace("\"paidAt\":\"2026-11-28T08:00:00Z\"", "\"paidAt\":null"))).isTrue();
        assertThat(OutcomeSchema.accepts(issued.replace("TIX-2026-17", "x".repeat(64)))).isTrue();
        assertThat(OutcomeSchema.accepts(reversed.replace("\"totals\":{\"net\":\"-10000\",\"vat\":\"-2700\",\"gross\":\"-12700\",\"currency\":\"HUF\"}",
                "\"totals\":null"))).as("reversed without totals").isTrue();
        // refused
        assertThat(OutcomeSchema.accepts(issued.replace("TIX-2026-17", "x".repeat(65)))).as("65-char number").isFalse();
        assertThat(OutcomeSchema.accepts(issued.replace("TIX-2026-17", " "))).as("blank number").isFalse();
        assertThat(OutcomeSchema.accepts(issued.replace("TIX-2026-17", "TIX\\n17"))).as("two-line number").isFalse();
        assertThat(OutcomeSchema.accepts(issued.replace("\"eInvoice\":true", "\"eInvoice\":null"))).as("issued eInvoice null").isFalse();
        assertThat(OutcomeSchema.accepts(issued.replace("\"stornoNumber\":null", "\"stornoNumber\":\"TIX-2026-18\""))).isFalse();
        assertThat(OutcomeSchema.accepts(issued.replace(",\"reason\":null", ""))).as("a key left out").isFalse();
        assertThat(OutcomeSchema.accepts(issued.replace("\"HUF\"", "\"huf\""))).isFalse();
        assertThat(OutcomeSchema.accepts(issued.replace(",\"currency\":\"HUF\"", ""))).as("totals without currency").isFalse();
        assertThat(OutcomeSchema.accepts(issued.replace("\"12700\"", "\"012700\""))).isFalse();
        assertThat(OutcomeSchema.accepts(issued.replace("\"12700\"", "\"1e4\""))).isFalse();
        assertThat(OutcomeSchema.accepts(issued.replace("invoice.issued", "invoice.created"))).as("unknown type").isFalse();
        assertThat(OutcomeSchema.accepts(issued.replace("\"org-88\"", "\"org:88\""))).isFalse();
        assertThat(OutcomeSchema.accepts(issued.replace("2026-12-04T03:10:00.123Z", "2026-12-04T03:10:00.123"))).isFalse();
        assertThat(OutcomeSchema.accepts(issued.replace("2026-11-28T08:00:00Z", "2026-11-28T09:00:00+01:00"))).as("paidAt not UTC").isFalse();
        assertThat(OutcomeSchema.accepts(reversed.replace("\"reason\":null", "\"reason\":\"REFUND_REJECTED\""))).isFalse();
        assertThat(OutcomeSchema.accepts(issued + " {}")).as("trailing tokens").isFalse();
    }

    /** The detail of a sample event, as compact JSON. */
    private static String detailOf(String sample) throws IOException {
        return OutcomeSchema.JSON.readTree(OutcomeSchema.read(OutcomeSchema.outcomesDir().resolve(sample))).get("detail").toString();
    }

    /** The schema of the detail's own type ({@code invoice.parked} -> invoice-parked.v1.schema.json). */
    private static String schemaFile(JsonNode detail) {
        String type = detail.path("type").asText();
        assertThat(TYPES).as("type of the detail").contains(type);
        return type.replace('.', '-') + ".v1.schema.json";
    }

    private static List<Path> jsonFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }
}
