package hu.autoinvoice.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hu.autoinvoice.local.aws.DynamoTable.Index;
import hu.autoinvoice.local.aws.DynamoTable.KeyDef;
import hu.autoinvoice.local.aws.DynamoTable.KeyPart;
import hu.autoinvoice.local.aws.DynamoTable.Partition;
import hu.autoinvoice.local.aws.Expression.Condition;
import hu.autoinvoice.local.aws.Expression.Parsed;
import hu.autoinvoice.local.aws.Expression.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * An in-memory DynamoDB ({@code DynamoDB_20120810.*}, AWS JSON 1.0) in this JVM: tables with a hash (and range) key
 * and global secondary indexes (projections ALL, KEYS_ONLY, INCLUDE; updated at once, so never stale), single-item
 * reads and conditional writes (atomic per item), Query, parallel Scan, BatchGetItem, BatchWriteItem, and the
 * expression languages ({@link ExpressionParser}). Errors carry DynamoDB's {@code __type}, so the SDK raises the
 * modeled exceptions. Not emulated: transactions, PartiQL, streams, TTL, LSIs, capacity accounting, the legacy
 * parameters (Expected, AttributesToGet, KeyConditions, ScanFilter, QueryFilter).
 * <p>
 * The faster alternative to {@link Dynalite} (a single-threaded Node process) for benchmarks; dynalite stays the
 * test suite's default, and a differential test keeps the two in agreement.
 */
final class FakeDynamoDb implements AwsJsonService {

    static final String ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#";
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
    private static final long MAX_ITEM_BYTES = 400 * 1024;
    private static final long MAX_PAGE_BYTES = 1024 * 1024;

    private final String region;
    private final String accountId;
    private final Map<String, DynamoTable> tables = new ConcurrentHashMap<>();

    FakeDynamoDb(String region, String accountId) {
        this.region = region;
        this.accountId = accountId;
    }

    @Override
    public String targetPrefix() {
        return "DynamoDB_20120810";
    }

    @Override
    public String contentType() {
        return "application/x-amz-json-1.0";
    }

    @Override
    public ObjectNode handle(String operation, JsonNode request) throws AwsJsonError {
        return switch (operation) {
            case "CreateTable" -> createTable(request);
            case "DescribeTable" -> out().set("Table", describe(table(request)));
            case "DeleteTable" -> deleteTable(request);
            case "ListTables" -> listTables(request);
            case "GetItem" -> getItem(request);
            case "PutItem" -> putItem(request);
            case "UpdateItem" -> updateItem(request);
            case "DeleteItem" -> deleteItem(request);
            case "Query" -> query(request);
            case "Scan" -> scan(request);
            case "BatchGetItem" -> batchGetItem(request);
            case "BatchWriteItem" -> batchWriteItem(request);
            default -> throw new AwsJsonError("com.amazon.coral.service#UnknownOperationException", null);
        };
    }

    static AwsJsonError validation(String message) {
        return error("ValidationException", message);
    }

    static AwsJsonError error(String type, String message) {
        return new AwsJsonError(ERROR_PREFIX + type, message);
    }

    private static ObjectNode out() {
        return DynamoValues.NODES.objectNode();
    }

    // ---- tables ----

    private ObjectNode createTable(JsonNode request) throws AwsJsonError {
        String name = tableName(request);
        Map<String, String> definitions = new HashMap<>();
        List<KeyDef> definitionList = new ArrayList<>();
        for (JsonNode d : array(request, "AttributeDefinitions")) {
            String type = d.path("AttributeType").asText();
            if (!Set.of("S", "N", "B").contains(type)) {
                throw validation("1 validation error detected: Value '" + type + "' at 'attributeDefinitions.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]");
            }
            if (definitions.put(d.path("AttributeName").asText(), type) != null) {
                throw validation("Cannot have two attributes with the same name");
            }
            definitionList.add(new KeyDef(d.path("AttributeName").asText(), type));
        }
        Set<String> used = new LinkedHashSet<>();
        KeyDef[] key = keySchema(request.get("KeySchema"), definitions, used, "Table");
        List<Index> indexes = new ArrayList<>();
        JsonNode gsis = request.get("GlobalSecondaryIndexes");
        if (gsis != null && !gsis.isNull()) {
            Set<String> indexNames = new HashSet<>();
            for (JsonNode gsi : gsis) {
                String indexName = gsi.path("IndexName").asText();
                if (!indexNames.add(indexName)) {
                    throw validation("One or more parameter values were invalid: Duplicate index name: " + indexName);
                }
                KeyDef[] indexKey = keySchema(gsi.get("KeySchema"), definitions, used, "Index");
                JsonNode projection = gsi.path("Projection");
                String type = projection.path("ProjectionType").asText("");
                Set<String> included = new LinkedHashSet<>();
                if (type.equals("INCLUDE")) {
                    JsonNode nonKey = projection.get("NonKeyAttributes");
                    if (nonKey == null || nonKey.isEmpty()) {
                        throw validation("One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
                    }
                    nonKey.forEach(n -> included.add(n.asText()));
                } else if (!type.equals("ALL") && !type.equals("KEYS_ONLY")) {
                    throw validation("One or more parameter values were invalid: Unknown ProjectionType: " + type);
                } else if (projection.has("NonKeyAttributes")) {
                    throw validation("One or more parameter values were invalid: ProjectionType is " + type + ", but NonKeyAttributes is specified");
                }
                ObjectNode description = out().put("IndexName", indexName);
                description.set("KeySchema", gsi.get("KeySchema"));
                description.set("Projection", projection);
                description.put("IndexStatus", "ACTIVE");
                description.set("ProvisionedThroughput", throughput(gsi.get("ProvisionedThroughput")));
                description.put("IndexArn", arn(name) + "/index/" + indexName);
                indexes.add(new Index(indexName, indexKey[0], indexKey[1], type, Set.copyOf(included), description));
            }
        }
        if (request.hasNonNull("LocalSecondaryIndexes")) {
            throw validation("The DynamoDB stand-in does not emulate LocalSecondaryIndexes");
        }
        if (!used.containsAll(definitions.keySet()) || used.size() != definitions.size()) {
            throw validation("One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: "
                    + new TreeSet<>(definitions.keySet()) + ", keys used: " + new TreeSet<>(used));
        }
        String billing = request.path("BillingMode").asText("PROVISIONED");
        JsonNode throughput = request.get("ProvisionedThroughput");
        if (billing.equals("PROVISIONED") && (throughput == null || throughput.isNull())) {
            throw validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }
        if (billing.equals("PAY_PER_REQUEST") && throughput != null && !throughput.isNull()) {
            throw validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }
        DynamoTable table = new DynamoTable(name, key[0], key[1], definitionList, indexes, billing, throughput(throughput), arn(name));
        if (tables.putIfAbsent(name, table) != null) {
            throw error("ResourceInUseException", "Table already exists: " + name);
        }
        return out().set("TableDescription", describe(table));
    }

    private static JsonNode throughput(JsonNode given) {
        return out().put("NumberOfDecreasesToday", 0)
                .put("ReadCapacityUnits", given == null ? 0 : given.path("ReadCapacityUnits").asLong())
                .put("WriteCapacityUnits", given == null ? 0 : given.path("WriteCapacityUnits").asLong());
    }

    private static KeyDef[] keySchema(JsonNode schema, Map<String, String> definitions, Set<String> used, String what)
            throws AwsJsonError {
        if (schema == null || !schema.isArray() || schema.isEmpty() || schema.size() > 2) {
            throw validation("1 validation error detected: Value null at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2");
        }
        KeyDef[] key = new KeyDef[2];
        for (int i = 0; i < schema.size(); i++) {
            String attribute = schema.get(i).path("AttributeName").asText();
            String keyType = schema.get(i).path("KeyType").asText();
            if (!keyType.equals(i == 0 ? "HASH" : "RANGE")) {
                throw validation(i == 0 ? "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"
                        : "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
            }
            String type = definitions.get(attribute);
            if (type == null) {
                throw validation("One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: ["
                        + attribute + "], AttributeDefinitions: " + new TreeSet<>(definitions.keySet()));
            }
            used.add(attribute);
            key[i] = new KeyDef(attribute, type);
        }
        if (key[1] != null && key[0].name().equals(key[1].name())) {
            throw validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
        }
        return key;
    }

    private String arn(String table) {
        return "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + table;
    }

    private static ObjectNode describe(DynamoTable table) {
        ObjectNode d = out();
        ArrayNode definitions = d.putArray("AttributeDefinitions");
        for (KeyDef def : table.attributeDefinitions) {
            definitions.addObject().put("AttributeName", def.name()).put("AttributeType", def.type());
        }
        d.put("TableName", table.name);
        ArrayNode schema = d.putArray("KeySchema");
        schema.addObject().put("AttributeName", table.hash.name()).put("KeyType", "HASH");
        if (table.range != null) {
            schema.addObject().put("AttributeName", table.range.name()).put("KeyType", "RANGE");
        }
        d.put("TableStatus", "ACTIVE").put("CreationDateTime", table.created);
        d.set("ProvisionedThroughput", table.provisionedThroughput);
        long count = table.itemCount();
        d.put("TableSizeBytes", 0).put("ItemCount", count).put("TableArn", table.arn).put("TableId", table.id);
        if (table.billingMode.equals("PAY_PER_REQUEST")) {
            d.putObject("BillingModeSummary").put("BillingMode", "PAY_PER_REQUEST")
                    .put("LastUpdateToPayPerRequestDateTime", table.created);
        }
        if (!table.indexes.isEmpty()) {
            ArrayNode gsis = d.putArray("GlobalSecondaryIndexes");
            for (Index index : table.indexes) {
                ObjectNode g = index.description().deepCopy();
                g.put("IndexSizeBytes", 0).put("ItemCount", count);
                gsis.add(g);
            }
        }
        return d;
    }

    private ObjectNode deleteTable(JsonNode request) throws AwsJsonError {
        DynamoTable table = table(request);
        if (!tables.remove(table.name, table)) {
            throw notFound();
        }
        ObjectNode description = describe(table);
        description.put("TableStatus", "DELETING");
        return out().set("TableDescription", description);
    }

    private ObjectNode listTables(JsonNode request) throws AwsJsonError {
        int limit = request.path("Limit").asInt(100);
        if (limit < 1 || limit > 100) {
            throw validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100");
        }
        String start = request.path("ExclusiveStartTableName").asText(null);
        List<String> names = new ArrayList<>(new TreeSet<>(tables.keySet()));
        ObjectNode reply = out();
        ArrayNode list = reply.putArray("TableNames");
        for (String name : names) {
            if (start != null && name.compareTo(start) <= 0) {
                continue;
            }
            if (list.size() == limit) {
                reply.put("LastEvaluatedTableName", list.get(list.size() - 1).asText());
                break;
            }
            list.add(name);
        }
        return reply;
    }

    private static String tableName(JsonNode request) throws AwsJsonError {
        JsonNode n = request.get("TableName");
        if (n == null || !n.isTextual()) {
            throw validation("1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null");
        }
        if (!TABLE_NAME.matcher(n.asText()).matches()) {
            throw validation("1 validation error detected: Value '" + n.asText() + "' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        return n.asText();
    }

    private DynamoTable table(JsonNode request) throws AwsJsonError {
        return table(tableName(request));
    }

    private DynamoTable table(String name) throws AwsJsonError {
        DynamoTable table = tables.get(name);
        if (table == null) {
            throw notFound();
        }
        return table;
    }

    private static AwsJsonError notFound() {
        return error("ResourceNotFoundException", "Requested resource not found");
    }

    private static ArrayNode array(JsonNode request, String field) throws AwsJsonError {
        JsonNode node = request.get(field);
        if (node == null || !node.isArray()) {
            throw validation("1 validation error detected: Value null at '" + Character.toLowerCase(field.charAt(0))
                    + field.substring(1) + "' failed to satisfy constraint: Member must not be null");
        }
        return (ArrayNode) node;
    }

    // ---- keys ----

    /** A primary key of a table: the item's key attributes and their parts. */
    private record Key(ObjectNode attributes, KeyPart hash, KeyPart range) {}

    private static Key key(DynamoTable table, JsonNode given) throws AwsJsonError {
        if (given == null || !given.isObject()) {
            throw validation("1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null");
        }
        ObjectNode key = DynamoValues.item(given, "Key");
        if (key.size() != table.keyNames().size()) {
            throw validation("The provided key element does not match the schema");
        }
        return keyOf(table, key, true);
    }

    private static Key keyOf(DynamoTable table, ObjectNode item, boolean fromKey) throws AwsJsonError {
        ObjectNode attributes = out();
        KeyPart hash = keyPart(table.hash, item, fromKey);
        attributes.set(table.hash.name(), item.get(table.hash.name()));
        KeyPart range = KeyPart.NONE;
        if (table.range != null) {
            range = keyPart(table.range, item, fromKey);
            attributes.set(table.range.name(), item.get(table.range.name()));
        }
        return new Key(attributes, hash, range);
    }

    private static KeyPart keyPart(KeyDef def, ObjectNode item, boolean fromKey) throws AwsJsonError {
        JsonNode value = item.get(def.name());
        if (value == null) {
            throw validation(fromKey ? "The provided key element does not match the schema"
                    : "One or more parameter values were invalid: Missing the key " + def.name() + " in the item");
        }
        String type = DynamoValues.type(value);
        if (!type.equals(def.type())) {
            throw validation(fromKey ? "The provided key element does not match the schema"
                    : "One or more parameter values were invalid: Type mismatch for key " + def.name() + " expected: "
                            + def.type() + " actual: " + type);
        }
        if (!type.equals("N") && DynamoValues.payload(value).asText().isEmpty()) {
            throw validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty "
                    + (type.equals("S") ? "string" : "binary") + " value. Key: " + def.name());
        }
        return KeyPart.of(value);
    }

    /** The checks DynamoDB makes on an item about to be stored: index key types, size. */
    private static void checkStorable(DynamoTable table, ObjectNode item) throws AwsJsonError {
        for (Index index : table.indexes) {
            for (KeyDef def : index.range() == null ? List.of(index.hash()) : List.of(index.hash(), index.range())) {
                JsonNode value = item.get(def.name());
                if (value == null || table.keyNames().contains(def.name())) {
                    continue;
                }
                String type = DynamoValues.type(value);
                if (!type.equals(def.type())) {
                    throw validation("One or more parameter values were invalid: Type mismatch for Index Key " + def.name()
                            + " Expected: " + def.type() + " Actual: " + type + " IndexName: " + index.name());
                }
                if (!type.equals("N") && DynamoValues.payload(value).asText().isEmpty()) {
                    throw validation("One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty "
                            + (type.equals("S") ? "string" : "binary") + " value. IndexName: " + index.name() + ", IndexKey: " + def.name());
                }
            }
        }
        if (DynamoValues.itemSize(item) > MAX_ITEM_BYTES) {
            throw validation("Item size has exceeded the maximum allowed size");
        }
    }

    // ---- single items ----

    private ObjectNode getItem(JsonNode request) throws AwsJsonError {
        Parsed<List<Path>> projection = projection(request);
        ExpressionEvaluator evaluator = ExpressionEvaluator.of(request, projection == null ? List.of() : List.of(projection));
        DynamoTable table = table(request);
        Key key = key(table, request.get("Key"));
        ObjectNode item = table.get(key.hash(), key.range());
        ObjectNode reply = out();
        if (item != null) {
            reply.set("Item", projection == null ? item : evaluator.project(projection.tree(), item));
        }
        return reply;
    }

    private ObjectNode putItem(JsonNode request) throws AwsJsonError {
        String returnValues = returnValues(request, Set.of("NONE", "ALL_OLD"));
        Parsed<Condition> condition = condition(request, "ConditionExpression", ExpressionParser.Kind.CONDITION);
        ExpressionEvaluator evaluator = ExpressionEvaluator.of(request, condition == null ? List.of() : List.of(condition));
        DynamoTable table = table(request);
        ObjectNode item = DynamoValues.item(request.get("Item"), "Item");
        Key key = keyOf(table, item, false);
        checkStorable(table, item);
        ObjectNode old = table.write(key.hash(), key.range(), current -> {
            check(evaluator, condition, current);
            return item;
        });
        ObjectNode reply = out();
        if (returnValues.equals("ALL_OLD") && old != null) {
            reply.set("Attributes", old);
        }
        return reply;
    }

    private ObjectNode deleteItem(JsonNode request) throws AwsJsonError {
        String returnValues = returnValues(request, Set.of("NONE", "ALL_OLD"));
        Parsed<Condition> condition = condition(request, "ConditionExpression", ExpressionParser.Kind.CONDITION);
        ExpressionEvaluator evaluator = ExpressionEvaluator.of(request, condition == null ? List.of() : List.of(condition));
        DynamoTable table = table(request);
        Key key = key(table, request.get("Key"));
        ObjectNode old = table.write(key.hash(), key.range(), current -> {
            check(evaluator, condition, current);
            return null;
        });
        ObjectNode reply = out();
        if (returnValues.equals("ALL_OLD") && old != null) {
            reply.set("Attributes", old);
        }
        return reply;
    }

    private ObjectNode updateItem(JsonNode request) throws AwsJsonError {
        String returnValues = returnValues(request, Set.of("NONE", "ALL_OLD", "ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"));
        if (request.hasNonNull("AttributeUpdates") || request.hasNonNull("Expected")) {
            throw validation("The DynamoDB stand-in does not emulate the legacy AttributeUpdates/Expected parameters; use expressions");
        }
        Parsed<Expression.Update> update = request.hasNonNull("UpdateExpression")
                ? ExpressionParser.update(request.get("UpdateExpression").asText()) : null;
        Parsed<Condition> condition = condition(request, "ConditionExpression", ExpressionParser.Kind.CONDITION);
        List<Parsed<?>> expressions = new ArrayList<>();
        if (update != null) {
            expressions.add(update);
        }
        if (condition != null) {
            expressions.add(condition);
        }
        ExpressionEvaluator evaluator = ExpressionEvaluator.of(request, expressions);
        DynamoTable table = table(request);
        Key key = key(table, request.get("Key"));
        ExpressionEvaluator.Applied[] applied = new ExpressionEvaluator.Applied[1];
        ObjectNode old = table.write(key.hash(), key.range(), current -> {
            check(evaluator, condition, current);
            if (update == null) {
                applied[0] = new ExpressionEvaluator.Applied(current != null ? current : key.attributes(), List.of());
            } else {
                applied[0] = evaluator.apply(update.tree(), current, key.attributes(), table.keyNames());
            }
            checkStorable(table, applied[0].item());
            return applied[0].item();
        });
        ObjectNode updated = applied[0].item();
        ObjectNode reply = out();
        ObjectNode attributes = switch (returnValues) {
            case "ALL_NEW" -> updated;
            case "ALL_OLD" -> old;
            case "UPDATED_OLD" -> old == null ? null : ExpressionEvaluator.projectResolved(applied[0].touched(), old);
            case "UPDATED_NEW" -> ExpressionEvaluator.projectResolved(applied[0].touched(), updated);
            default -> null;
        };
        if (attributes != null && !attributes.isEmpty()) {
            reply.set("Attributes", attributes);
        }
        return reply;
    }

    private static ObjectNode only(ObjectNode item, Set<String> names) {
        ObjectNode out = out();
        for (String name : names) {
            if (item.has(name)) {
                out.set(name, item.get(name));
            }
        }
        return out;
    }

    private static void check(ExpressionEvaluator evaluator, Parsed<Condition> condition, ObjectNode current) throws AwsJsonError {
        if (condition != null && !evaluator.test(condition.tree(), current)) {
            throw error("ConditionalCheckFailedException", "The conditional request failed");
        }
    }

    private static String returnValues(JsonNode request, Set<String> allowed) throws AwsJsonError {
        String value = request.path("ReturnValues").asText("NONE");
        if (!allowed.contains(value)) {
            if (Set.of("NONE", "ALL_OLD", "ALL_NEW", "UPDATED_OLD", "UPDATED_NEW").contains(value)) {
                throw validation("ReturnValues can only be ALL_OLD or NONE");
            }
            throw validation("1 validation error detected: Value '" + value + "' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
        }
        return value;
    }

    private static Parsed<Condition> condition(JsonNode request, String field, ExpressionParser.Kind kind) throws AwsJsonError {
        JsonNode text = request.get(field);
        if (kind == ExpressionParser.Kind.CONDITION && request.hasNonNull("Expected")) {
            throw validation("The DynamoDB stand-in does not emulate the legacy Expected parameter; use ConditionExpression");
        }
        return text == null || text.isNull() ? null : ExpressionParser.condition(text.asText(), kind);
    }

    private static Parsed<List<Path>> projection(JsonNode request) throws AwsJsonError {
        if (request.hasNonNull("AttributesToGet")) {
            throw validation("The DynamoDB stand-in does not emulate the legacy AttributesToGet parameter; use ProjectionExpression");
        }
        JsonNode text = request.get("ProjectionExpression");
        return text == null || text.isNull() ? null : ExpressionParser.projection(text.asText());
    }

    // ---- query and scan ----

    /** What a Query or Scan reads through: the table, or one of its indexes. */
    private record Source(DynamoTable table, Index index) {
        KeyDef hash() {
            return index == null ? table.hash : index.hash();
        }

        KeyDef range() {
            return index == null ? table.range : index.range();
        }

        /** The item as the index holds it (null when the index does not hold it: a key attribute is missing). */
        ObjectNode view(ObjectNode item) {
            if (index == null) {
                return item;
            }
            JsonNode h = item.get(index.hash().name());
            if (h == null || !DynamoValues.type(h).equals(index.hash().type())) {
                return null;
            }
            if (index.range() != null) {
                JsonNode r = item.get(index.range().name());
                if (r == null || !DynamoValues.type(r).equals(index.range().type())) {
                    return null;
                }
            }
            if (index.projection().equals("ALL")) {
                return item;
            }
            Set<String> keep = new HashSet<>(table.keyNames());
            keep.add(index.hash().name());
            if (index.range() != null) {
                keep.add(index.range().name());
            }
            keep.addAll(index.included());
            return only(item, keep);
        }

        /** The LastEvaluatedKey of an item: table key, plus the index key for an index. */
        ObjectNode lastKey(ObjectNode item) {
            ObjectNode key = out();
            for (String name : table.keyNames()) {
                key.set(name, item.get(name));
            }
            if (index != null) {
                key.set(index.hash().name(), item.get(index.hash().name()));
                if (index.range() != null) {
                    key.set(index.range().name(), item.get(index.range().name()));
                }
            }
            return key;
        }

        /** Index order for items of one index hash key: index range, then dynalite's hash of the table key. */
        Comparator<ObjectNode> indexOrder() {
            Comparator<ObjectNode> byTableKey = Comparator.comparing(this::tableKeyPrefix)
                    .thenComparing(i -> KeyPart.of(i.get(table.hash.name())))
                    .thenComparing(i -> table.range == null ? KeyPart.NONE : KeyPart.of(i.get(table.range.name())));
            if (index.range() == null) {
                return byTableKey;
            }
            return Comparator.<ObjectNode, KeyPart>comparing(i -> KeyPart.of(i.get(index.range().name()))).thenComparing(byTableKey);
        }

        private String tableKeyPrefix(ObjectNode item) {
            return DynamoTable.hashPrefix(KeyPart.of(item.get(table.hash.name())),
                    table.range == null ? null : KeyPart.of(item.get(table.range.name())));
        }
    }

    private Source source(JsonNode request, DynamoTable table) throws AwsJsonError {
        if (!request.hasNonNull("IndexName")) {
            return new Source(table, null);
        }
        String indexName = request.get("IndexName").asText();
        Index index = table.index(indexName);
        if (index == null) {
            throw validation("The table does not have the specified index: " + indexName);
        }
        if (request.path("ConsistentRead").asBoolean(false)) {
            throw validation("Consistent reads are not supported on global secondary indexes");
        }
        return new Source(table, index);
    }

    /** Select, ProjectionExpression and FilterExpression of a Query or Scan. */
    private record Reading(boolean count, Parsed<List<Path>> projection, Parsed<Condition> filter, int limit) {}

    private static Reading reading(JsonNode request) throws AwsJsonError {
        if (request.hasNonNull("ScanFilter") || request.hasNonNull("QueryFilter") || request.hasNonNull("KeyConditions")
                || request.hasNonNull("ConditionalOperator")) {
            throw validation("The DynamoDB stand-in does not emulate the legacy ScanFilter/QueryFilter/KeyConditions parameters; use expressions");
        }
        Parsed<List<Path>> projection = projection(request);
        String select = request.path("Select").asText(projection != null ? "SPECIFIC_ATTRIBUTES" : "ALL_ATTRIBUTES");
        if (projection != null && !select.equals("SPECIFIC_ATTRIBUTES")) {
            throw validation("Cannot specify the ProjectionExpression when choosing to get " + select);
        }
        if (!Set.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT").contains(select)) {
            throw validation("1 validation error detected: Value '" + select + "' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
        }
        if (select.equals("SPECIFIC_ATTRIBUTES") && projection == null) {
            throw validation("Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
        }
        int limit = Integer.MAX_VALUE;
        if (request.hasNonNull("Limit")) {
            limit = request.get("Limit").asInt();
            if (limit < 1) {
                throw validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
            }
        }
        return new Reading(select.equals("COUNT"), projection, condition(request, "FilterExpression", ExpressionParser.Kind.FILTER), limit);
    }

    private ObjectNode query(JsonNode request) throws AwsJsonError {
        Reading reading = reading(request);
        if (!request.hasNonNull("KeyConditionExpression")) {
            throw validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        Parsed<Condition> keyCondition = ExpressionParser.condition(request.get("KeyConditionExpression").asText(),
                ExpressionParser.Kind.KEY_CONDITION);
        List<Parsed<?>> expressions = new ArrayList<>(List.of(keyCondition));
        if (reading.filter() != null) {
            expressions.add(reading.filter());
        }
        if (reading.projection() != null) {
            expressions.add(reading.projection());
        }
        ExpressionEvaluator evaluator = ExpressionEvaluator.of(request, expressions);
        DynamoTable table = table(request);
        Source source = source(request, table);
        KeyRange keys = keyRange(keyCondition.tree(), evaluator, source);
        boolean forward = request.path("ScanIndexForward").asBoolean(true);
        JsonNode start = request.get("ExclusiveStartKey");
        ObjectNode startKey = start == null || start.isNull() ? null : startKey(start, source);
        if (startKey != null && !KeyPart.of(startKey.get(source.hash().name())).equals(keys.hash())) {
            throw validation("The provided starting key is outside query boundaries based on provided conditions");
        }

        Iterator<ObjectNode> candidates;
        if (source.index() == null) {
            Partition partition = table.partition(keys.hash());
            NavigableMap<KeyPart, ObjectNode> items = partition == null ? new java.util.TreeMap<>() : partition.items;
            if (startKey != null && table.range != null) {
                KeyPart after = KeyPart.of(startKey.get(table.range.name()));
                items = forward ? items.tailMap(after, false) : items.headMap(after, false);
            } else if (startKey != null) {
                items = new java.util.TreeMap<>();
            }
            candidates = (forward ? items : items.descendingMap()).values().iterator();
        } else {
            List<ObjectNode> found = new ArrayList<>();
            Iterable<Partition> partitions = source.hash().name().equals(table.hash.name())
                    ? (table.partition(keys.hash()) == null ? List.of() : List.of(table.partition(keys.hash())))
                    : table.partitionsInScanOrder();
            for (Partition p : partitions) {
                for (ObjectNode item : p.items.values()) {
                    JsonNode h = item.get(source.hash().name());
                    if (h != null && source.view(item) != null && KeyPart.of(h).equals(keys.hash())) {
                        found.add(item);
                    }
                }
            }
            Comparator<ObjectNode> order = source.indexOrder();
            if (!forward) {
                order = order.reversed();
            }
            found.sort(order);
            if (startKey != null) {
                Comparator<ObjectNode> o = order;
                found.removeIf(item -> o.compare(item, startKey) <= 0);
            }
            candidates = found.iterator();
        }
        return page(candidates, item -> keys.matches(item, source), source, reading, evaluator);
    }

    /** A Query's key condition: the hash key value and an optional test of the range key. */
    private record KeyRange(KeyPart hash, Condition range, ExpressionEvaluator evaluator) {
        boolean matches(ObjectNode item, Source source) throws AwsJsonError {
            return range == null || evaluator.test(range, item);
        }
    }

    private static KeyRange keyRange(Condition condition, ExpressionEvaluator evaluator, Source source) throws AwsJsonError {
        List<Condition> parts = new ArrayList<>();
        flattenAnd(condition, parts);
        if (parts.size() > 2) {
            throw validation("Conditions can be of length 1 or 2 only");
        }
        KeyPart hash = null;
        Condition range = null;
        for (Condition part : parts) {
            String attribute = keyAttribute(part, evaluator);
            if (attribute.equals(source.hash().name()) && hash == null) {
                if (!(part instanceof Expression.Compare c) || c.comparator() != Expression.Comparator.EQ) {
                    throw validation("Query key condition not supported");
                }
                JsonNode value = evaluator.operand(c.right(), null);
                if (!DynamoValues.type(value).equals(source.hash().type())) {
                    throw validation("One or more parameter values were invalid: Condition parameter type does not match schema type");
                }
                hash = KeyPart.of(value);
            } else if (source.range() != null && attribute.equals(source.range().name()) && range == null) {
                for (JsonNode value : keyValues(part, evaluator)) {
                    if (!DynamoValues.type(value).equals(source.range().type())) {
                        throw validation("One or more parameter values were invalid: Condition parameter type does not match schema type");
                    }
                }
                if (part instanceof Expression.Function f && f.name().equals("begins_with") && source.range().type().equals("N")) {
                    throw validation("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
                }
                range = part;
            } else {
                throw validation("Query condition missed key schema element: " + source.hash().name());
            }
        }
        if (hash == null) {
            throw validation("Query condition missed key schema element: " + source.hash().name());
        }
        return new KeyRange(hash, range, evaluator);
    }

    private static void flattenAnd(Condition condition, List<Condition> parts) throws AwsJsonError {
        switch (condition) {
            case Expression.And a -> {
                flattenAnd(a.left(), parts);
                flattenAnd(a.right(), parts);
            }
            case Expression.Or o -> throw validation("Invalid operator used in KeyConditionExpression: OR");
            case Expression.Not n -> throw validation("Invalid operator used in KeyConditionExpression: NOT");
            case Expression.In i -> throw validation("Invalid operator used in KeyConditionExpression: IN");
            default -> parts.add(condition);
        }
    }

    private static String keyAttribute(Condition part, ExpressionEvaluator evaluator) throws AwsJsonError {
        Expression.Operand subject = switch (part) {
            case Expression.Compare c when c.comparator() != Expression.Comparator.NE -> c.left();
            case Expression.Between b -> b.value();
            case Expression.Function f when f.name().equals("begins_with") -> f.arguments().getFirst();
            case Expression.Compare c -> throw validation("Unsupported operator in KeyConditionExpression: <>");
            case Expression.Function f -> throw validation("Invalid operator used in KeyConditionExpression: " + f.name());
            default -> throw validation("Query key condition not supported");
        };
        if (!(subject instanceof Path p) || p.steps().size() != 1) {
            throw validation("Query key condition not supported");
        }
        for (JsonNode v : keyValues(part, evaluator)) {
            if (v == null) {
                throw validation("Query key condition not supported");
            }
        }
        return (String) evaluator.resolve(p).getFirst();
    }

    private static List<JsonNode> keyValues(Condition part, ExpressionEvaluator evaluator) throws AwsJsonError {
        List<Expression.Operand> operands = switch (part) {
            case Expression.Compare c -> List.of(c.right());
            case Expression.Between b -> List.of(b.low(), b.high());
            case Expression.Function f -> f.arguments().subList(1, f.arguments().size());
            default -> List.of();
        };
        List<JsonNode> values = new ArrayList<>();
        for (Expression.Operand o : operands) {
            if (!(o instanceof Expression.Placeholder)) {
                throw validation("Query key condition not supported");
            }
            values.add(evaluator.operand(o, null));
        }
        return values;
    }

    private static ObjectNode startKey(JsonNode given, Source source) throws AwsJsonError {
        ObjectNode key = DynamoValues.item(given, "ExclusiveStartKey");
        Set<String> expected = new HashSet<>(source.table().keyNames());
        expected.add(source.hash().name());
        if (source.range() != null) {
            expected.add(source.range().name());
        }
        if (!key.properties().stream().map(Map.Entry::getKey).collect(java.util.stream.Collectors.toSet()).equals(expected)) {
            throw validation("The provided starting key is invalid: The provided key element does not match the schema");
        }
        for (String name : expected) {
            KeyDef def = name.equals(source.hash().name()) ? source.hash()
                    : source.range() != null && name.equals(source.range().name()) ? source.range()
                    : name.equals(source.table().hash.name()) ? source.table().hash : source.table().range;
            if (!DynamoValues.type(key.get(name)).equals(def.type())) {
                throw validation("The provided starting key is invalid: The provided key element does not match the schema");
            }
        }
        return key;
    }

    @FunctionalInterface
    private interface ItemTest {
        boolean test(ObjectNode item) throws AwsJsonError;
    }

    /** Reads up to Limit matching items (or 1 MB) from {@code candidates}: filter, projection, count, LastEvaluatedKey. */
    private static ObjectNode page(Iterator<ObjectNode> candidates, ItemTest keyMatch, Source source, Reading reading,
            ExpressionEvaluator evaluator) throws AwsJsonError {
        ArrayNode items = DynamoValues.NODES.arrayNode();
        int scanned = 0;
        int count = 0;
        long bytes = 0;
        ObjectNode last = null;
        while (candidates.hasNext()) {
            if (scanned >= reading.limit() || bytes >= MAX_PAGE_BYTES) {
                break;
            }
            ObjectNode stored = candidates.next();
            ObjectNode item = source.view(stored);
            if (item == null || !keyMatch.test(item)) {
                continue;
            }
            scanned++;
            bytes += DynamoValues.itemSize(item);
            last = stored;
            if (reading.filter() != null && !evaluator.test(reading.filter().tree(), item)) {
                continue;
            }
            count++;
            if (!reading.count()) {
                items.add(reading.projection() == null ? item : evaluator.project(reading.projection().tree(), item));
            }
        }
        ObjectNode reply = out();
        if (!reading.count()) {
            reply.set("Items", items);
        }
        reply.put("Count", count).put("ScannedCount", scanned);
        if (last != null && (scanned >= reading.limit() || bytes >= MAX_PAGE_BYTES)) {
            reply.set("LastEvaluatedKey", source.lastKey(last));
        }
        return reply;
    }

    private ObjectNode scan(JsonNode request) throws AwsJsonError {
        Reading reading = reading(request);
        List<Parsed<?>> expressions = new ArrayList<>();
        if (reading.filter() != null) {
            expressions.add(reading.filter());
        }
        if (reading.projection() != null) {
            expressions.add(reading.projection());
        }
        ExpressionEvaluator evaluator = ExpressionEvaluator.of(request, expressions);
        int segment = 0;
        int total = 1;
        boolean hasSegment = request.hasNonNull("Segment");
        boolean hasTotal = request.hasNonNull("TotalSegments");
        if (hasSegment != hasTotal) {
            throw validation(hasSegment
                    ? "The TotalSegments parameter is required but was not present in the request when Segment parameter is present"
                    : "The Segment parameter is required but was not present in the request when parameter TotalSegments is present");
        }
        if (hasSegment) {
            segment = request.get("Segment").asInt();
            total = request.get("TotalSegments").asInt();
            if (total < 1 || total > 1_000_000) {
                throw validation("1 validation error detected: Value '" + total + "' at 'totalSegments' failed to satisfy constraint: Member must have value less than or equal to 1000000");
            }
            if (segment < 0 || segment >= total) {
                throw validation("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: "
                        + segment + " is not less than TotalSegments: " + total);
            }
        }
        DynamoTable table = table(request);
        Source source = source(request, table);
        JsonNode start = request.get("ExclusiveStartKey");
        ObjectNode startKey = start == null || start.isNull() ? null : startKey(start, source);
        // dynalite's segments: 4096 buckets of the first three hex digits of the partition hash
        int from = (int) Math.ceil(4096.0 * segment / total);
        int to = (int) Math.ceil(4096.0 * (segment + 1) / total) - 1;
        List<ObjectNode> candidates = new ArrayList<>();
        Iterator<ObjectNode> iterator;
        if (source.index() == null) {
            List<Partition> partitions = new ArrayList<>();
            for (Partition p : table.partitionsInScanOrder()) {
                int bucket = Integer.parseInt(p.prefix.substring(0, 3), 16);
                if (bucket >= from && bucket <= to) {
                    partitions.add(p);
                }
            }
            Partition startPartition = null;
            if (startKey != null) {
                startPartition = new Partition(KeyPart.of(startKey.get(table.hash.name())));
                int bucket = Integer.parseInt(startPartition.prefix.substring(0, 3), 16);
                if (total > 1 && (bucket < from || bucket > to)) {
                    throw validation("The provided Exclusive start key does not map to the provided segment and total segment. "
                            + "Please use ExclusiveStartKey with correct Segment. TotalSegments: " + total + " Segment: " + segment);
                }
            }
            Partition after = startPartition;
            KeyPart afterRange = startKey == null || table.range == null ? KeyPart.NONE : KeyPart.of(startKey.get(table.range.name()));
            iterator = new Iterator<>() {
                private final Iterator<Partition> parts = partitions.iterator();
                private Iterator<ObjectNode> current = java.util.Collections.emptyIterator();

                @Override
                public boolean hasNext() {
                    while (!current.hasNext() && parts.hasNext()) {
                        Partition p = parts.next();
                        int c = after == null ? 1 : DynamoTable.SCAN_ORDER.compare(p, after);
                        if (c < 0) {
                            continue;
                        }
                        current = c == 0 ? (table.range == null ? java.util.Collections.emptyIterator()
                                : p.items.tailMap(afterRange, false).values().iterator()) : p.items.values().iterator();
                    }
                    return current.hasNext();
                }

                @Override
                public ObjectNode next() {
                    return current.next();
                }
            };
        } else {
            for (Partition p : table.partitionsInScanOrder()) {
                for (ObjectNode item : p.items.values()) {
                    if (source.view(item) != null) {
                        String prefix = DynamoTable.hashPrefix(KeyPart.of(item.get(source.hash().name())), null);
                        int bucket = Integer.parseInt(prefix.substring(0, 3), 16);
                        if (bucket >= from && bucket <= to) {
                            candidates.add(item);
                        }
                    }
                }
            }
            Comparator<ObjectNode> order = Comparator.<ObjectNode, String>comparing(
                            i -> DynamoTable.hashPrefix(KeyPart.of(i.get(source.hash().name())), null))
                    .thenComparing(i -> KeyPart.of(i.get(source.hash().name())))
                    .thenComparing(source.indexOrder());
            candidates.sort(order);
            if (startKey != null) {
                candidates.removeIf(item -> order.compare(item, startKey) <= 0);
            }
            iterator = candidates.iterator();
        }
        return page(iterator, item -> true, source, reading, evaluator);
    }

    // ---- batches ----

    private ObjectNode batchGetItem(JsonNode request) throws AwsJsonError {
        JsonNode requestItems = request.get("RequestItems");
        if (requestItems == null || !requestItems.isObject() || requestItems.isEmpty()) {
            throw validation("1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }
        int keys = 0;
        for (JsonNode perTable : requestItems) {
            keys += perTable.path("Keys").size();
        }
        if (keys > 100) {
            throw validation("Too many items requested for the BatchGetItem call");
        }
        ObjectNode reply = out();
        ObjectNode responses = reply.putObject("Responses");
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ArrayNode found = responses.putArray(e.getKey());
            Set<String> seen = new HashSet<>();
            for (JsonNode key : e.getValue().path("Keys")) {
                ObjectNode single = ((ObjectNode) e.getValue()).deepCopy();
                single.remove("Keys");
                single.put("TableName", e.getKey());
                single.set("Key", key);
                if (!seen.add(DynamoValues.item(key, "Key").toString())) {
                    throw validation("Provided list of item keys contains duplicates");
                }
                JsonNode item = getItem(single).get("Item");
                if (item != null) {
                    found.add(item);
                }
            }
        }
        reply.putObject("UnprocessedKeys");
        return reply;
    }

    private ObjectNode batchWriteItem(JsonNode request) throws AwsJsonError {
        JsonNode requestItems = request.get("RequestItems");
        if (requestItems == null || !requestItems.isObject() || requestItems.isEmpty()) {
            throw validation("1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }
        List<ObjectNode> puts = new ArrayList<>();
        List<ObjectNode> deletes = new ArrayList<>();
        int count = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            DynamoTable table = table(e.getKey());
            Set<String> seen = new HashSet<>();
            for (JsonNode write : e.getValue()) {
                count++;
                ObjectNode single = out().put("TableName", e.getKey());
                ObjectNode keyAttributes;
                if (write.has("PutRequest")) {
                    ObjectNode item = DynamoValues.item(write.get("PutRequest").get("Item"), "Item");
                    keyAttributes = keyOf(table, item, false).attributes();
                    checkStorable(table, item);
                    single.set("Item", item);
                    puts.add(single);
                } else if (write.has("DeleteRequest")) {
                    keyAttributes = key(table, write.get("DeleteRequest").get("Key")).attributes();
                    single.set("Key", keyAttributes);
                    deletes.add(single);
                } else {
                    throw validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
                }
                if (!seen.add(keyAttributes.toString())) {
                    throw validation("Provided list of item keys contains duplicates");
                }
            }
        }
        if (count > 25) {
            throw validation("Too many items requested for the BatchWriteItem call");
        }
        for (ObjectNode put : puts) {
            putItem(put);
        }
        for (ObjectNode delete : deletes) {
            deleteItem(delete);
        }
        return out().set("UnprocessedItems", out());
    }
}
