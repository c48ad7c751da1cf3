package hu.autoinvoice.invoice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Set;
import java.util.stream.Collectors;

/** The published JSON Schema (events/schema/invoice-request.v1.schema.json), loaded from the repository files. */
public final class MessageSchema {

    public static final String BASE = "https://autoinvoice.invalid/events/schema/";

    /** Reads JSON the way a schema-validating consumer would (floats exactly, duplicate keys refused). */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final JsonSchema SCHEMA = load();

    private MessageSchema() {
    }

    private static JsonSchema load() {
        String dir = RepoFiles.schemaDir().toUri().toString();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(BASE, dir)));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        JsonSchema schema = factory.getSchema(SchemaLocation.of(BASE + "invoice-request.v1.schema.json"), config);
        schema.initializeValidators();
        return schema;
    }

    /** The schema's error messages for a document; empty when it is valid. */
    static Set<String> errors(JsonNode document) {
        return SCHEMA.validate(document).stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
    }

    /** Whether the schema accepts the JSON text (text that is not JSON is not accepted). */
    static boolean accepts(String json) {
        try {
            return errors(JSON.readTree(json)).isEmpty();
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
