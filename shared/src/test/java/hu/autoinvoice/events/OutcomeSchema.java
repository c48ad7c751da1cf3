package hu.autoinvoice.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hu.autoinvoice.invoice.MessageSchema;
import hu.autoinvoice.invoice.RepoFiles;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The published outcome event schema (events/schema/invoice-outcome.v1.schema.json: the {@code detail} of the
 * {@code hu.autoinvoice} EventBridge events), loaded from the repository files with networknt json-schema-validator
 * (draft 2020-12, format assertions on). For tests in this package, e.g. a publisher's test checking what it sends.
 */
final class OutcomeSchema {

    static final String BASE = MessageSchema.BASE;
    static final String OUTCOME = "invoice-outcome.v1.schema.json";

    /** Reads JSON the way a schema-validating consumer would (floats exactly, duplicate keys refused). */
    static final ObjectMapper JSON = MessageSchema.JSON;

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(BASE, schemaDir().toUri().toString())));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private static final JsonSchema SCHEMA = schema(OUTCOME);

    private OutcomeSchema() {
    }

    /** One schema file of events/schema (e.g. {@code invoice-parked.v1.schema.json}), ready to validate. */
    static JsonSchema schema(String file) {
        JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(BASE + file), CONFIG);
        schema.initializeValidators();
        return schema;
    }

    /** The schema's error messages for an event detail; empty when it is valid. */
    static Set<String> errors(JsonNode detail) {
        return errors(SCHEMA, detail);
    }

    static Set<String> errors(JsonSchema schema, JsonNode document) {
        return schema.validate(document).stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
    }

    /** Whether the schema accepts the JSON text as an event detail (text that is not JSON is not accepted). */
    static boolean accepts(String json) {
        try {
            return errors(JSON.readTree(json)).isEmpty();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    static Path root() {
        return RepoFiles.root();
    }

    static Path schemaDir() {
        return RepoFiles.schemaDir();
    }

    static Path outcomesDir() {
        return root().resolve("events/outcomes");
    }

    static String read(Path file) {
        return RepoFiles.read(file);
    }
}
