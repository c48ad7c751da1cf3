package hu.autoinvoice.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hu.autoinvoice.local.aws.Expression.Condition;
import hu.autoinvoice.local.aws.Expression.Operand;
import hu.autoinvoice.local.aws.Expression.Path;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates parsed expressions against items with one request's {@code ExpressionAttributeNames} and
 * {@code ExpressionAttributeValues}. Items are never changed in place: {@link #apply} returns a new item.
 */
final class ExpressionEvaluator {

    private final Map<String, String> names;
    private final Map<String, JsonNode> values;

    private ExpressionEvaluator(Map<String, String> names, Map<String, JsonNode> values) {
        this.names = names;
        this.values = values;
    }

    /**
     * The request's placeholders, checked against the expressions it sends (as DynamoDB does: every placeholder used
     * must be defined, every one defined must be used, and neither map may be sent empty).
     */
    static ExpressionEvaluator of(JsonNode request, List<Expression.Parsed<?>> expressions) throws AwsJsonError {
        Map<String, String> names = new java.util.HashMap<>();
        Map<String, JsonNode> values = new java.util.HashMap<>();
        JsonNode n = request.get("ExpressionAttributeNames");
        if (n != null && !n.isNull()) {
            if (n.isEmpty()) {
                throw FakeDynamoDb.validation("ExpressionAttributeNames must not be empty");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                names.put(e.getKey(), e.getValue().asText());
            }
        }
        JsonNode v = request.get("ExpressionAttributeValues");
        if (v != null && !v.isNull()) {
            if (v.isEmpty()) {
                throw FakeDynamoDb.validation("ExpressionAttributeValues must not be empty");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                try {
                    values.put(e.getKey(), DynamoValues.value(e.getValue()));
                } catch (AwsJsonError invalid) {
                    throw FakeDynamoDb.validation("ExpressionAttributeValues contains invalid value: "
                            + invalid.getMessage() + " for key " + e.getKey());
                }
            }
        }
        Set<String> usedNames = new LinkedHashSet<>();
        Set<String> usedValues = new LinkedHashSet<>();
        for (Expression.Parsed<?> parsed : expressions) {
            for (String name : parsed.names()) {
                if (!names.containsKey(name)) {
                    throw FakeDynamoDb.validation("Invalid " + kindOf(parsed) + ": An expression attribute name used in the document path is not defined; attribute name: " + name);
                }
            }
            for (String value : parsed.values()) {
                if (!values.containsKey(value)) {
                    throw FakeDynamoDb.validation("Invalid " + kindOf(parsed) + ": An expression attribute value used in expression is not defined; attribute value: " + value);
                }
            }
            usedNames.addAll(parsed.names());
            usedValues.addAll(parsed.values());
        }
        Set<String> unusedNames = new TreeSet<>(names.keySet());
        unusedNames.removeAll(usedNames);
        if (!unusedNames.isEmpty()) {
            throw FakeDynamoDb.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                    + String.join(", ", unusedNames) + "}");
        }
        Set<String> unusedValues = new TreeSet<>(values.keySet());
        unusedValues.removeAll(usedValues);
        if (!unusedValues.isEmpty()) {
            throw FakeDynamoDb.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                    + String.join(", ", unusedValues) + "}");
        }
        return new ExpressionEvaluator(names, values);
    }

    private static String kindOf(Expression.Parsed<?> parsed) {
        return switch (parsed.tree()) {
            case Expression.Update u -> "UpdateExpression";
            case List<?> l -> "ProjectionExpression";
            default -> "ConditionExpression";
        };
    }

    // ---- paths ----

    /** The path with names resolved: String members and Integer indexes. */
    List<Object> resolve(Path path) {
        List<Object> out = new ArrayList<>(path.steps().size());
        for (Expression.Step step : path.steps()) {
            switch (step) {
                case Expression.Member m -> out.add(m.name().startsWith("#") ? names.get(m.name()) : m.name());
                case Expression.Index i -> out.add(i.index());
            }
        }
        return out;
    }

    static JsonNode lookup(ObjectNode item, List<Object> path) {
        if (item == null) {
            return null;
        }
        JsonNode current = item.get((String) path.getFirst());
        for (int i = 1; i < path.size() && current != null; i++) {
            Object step = path.get(i);
            if (step instanceof String member) {
                current = current.has("M") ? current.get("M").get(member) : null;
            } else {
                int index = (Integer) step;
                JsonNode list = current.get("L");
                current = list != null && index < list.size() ? list.get(index) : null;
            }
        }
        return current;
    }

    // ---- operands and conditions ----

    JsonNode operand(Operand operand, ObjectNode item) throws AwsJsonError {
        return switch (operand) {
            case Path p -> lookup(item, resolve(p));
            case Expression.Placeholder v -> values.get(v.name());
            case Expression.Size s -> {
                JsonNode value = lookup(item, resolve(s.path()));
                Integer size = value == null ? null : DynamoValues.size(value);
                yield size == null ? null : DynamoValues.number(BigDecimal.valueOf(size));
            }
            case Expression.IfNotExists f -> {
                JsonNode value = lookup(item, resolve(f.path()));
                yield value != null ? value : operand(f.fallback(), item);
            }
            case Expression.ListAppend a -> {
                JsonNode first = operand(a.first(), item);
                JsonNode second = operand(a.second(), item);
                if (first == null || second == null || !first.has("L") || !second.has("L")) {
                    throw FakeDynamoDb.validation("An operand in the update expression has an incorrect data type");
                }
                ArrayNode list = DynamoValues.NODES.arrayNode();
                list.addAll((ArrayNode) first.get("L"));
                list.addAll((ArrayNode) second.get("L"));
                yield DynamoValues.of("L", list);
            }
            case Expression.Arithmetic a -> {
                JsonNode left = operand(a.left(), item);
                JsonNode right = operand(a.right(), item);
                if (left == null || right == null) {
                    throw FakeDynamoDb.validation("The provided expression refers to an attribute that does not exist in the item");
                }
                if (!left.has("N") || !right.has("N")) {
                    throw FakeDynamoDb.validation("An operand in the update expression has an incorrect data type");
                }
                BigDecimal l = new BigDecimal(left.get("N").asText());
                BigDecimal r = new BigDecimal(right.get("N").asText());
                BigDecimal result = a.plus() ? l.add(r) : l.subtract(r);
                DynamoValues.checkRange(result);
                yield DynamoValues.number(result);
            }
        };
    }

    boolean test(Condition condition, ObjectNode item) throws AwsJsonError {
        return switch (condition) {
            case Expression.And a -> test(a.left(), item) && test(a.right(), item);
            case Expression.Or o -> test(o.left(), item) || test(o.right(), item);
            case Expression.Not n -> !test(n.condition(), item);
            case Expression.Compare c -> compare(operand(c.left(), item), c.comparator(), operand(c.right(), item));
            case Expression.Between b -> {
                JsonNode value = operand(b.value(), item);
                JsonNode low = operand(b.low(), item);
                JsonNode high = operand(b.high(), item);
                if (low != null && high != null) {
                    Integer order = DynamoValues.order(low, high);
                    if (!DynamoValues.type(low).equals(DynamoValues.type(high))) {
                        throw FakeDynamoDb.validation("Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds");
                    }
                    if (order != null && order > 0) {
                        throw FakeDynamoDb.validation("Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound");
                    }
                }
                yield compare(value, Expression.Comparator.GE, low) && compare(value, Expression.Comparator.LE, high);
            }
            case Expression.In in -> {
                JsonNode value = operand(in.value(), item);
                for (Operand candidate : in.candidates()) {
                    if (value != null && DynamoValues.same(value, operand(candidate, item))) {
                        yield true;
                    }
                }
                yield false;
            }
            case Expression.Function f -> function(f, item);
        };
    }

    static boolean compare(JsonNode left, Expression.Comparator comparator, JsonNode right) {
        if (comparator == Expression.Comparator.NE) {
            return !(left != null && right != null && DynamoValues.same(left, right));
        }
        if (left == null || right == null) {
            return false;
        }
        if (comparator == Expression.Comparator.EQ) {
            return DynamoValues.same(left, right);
        }
        Integer order = DynamoValues.order(left, right);
        if (order == null) {
            return false;
        }
        return switch (comparator) {
            case LT -> order < 0;
            case LE -> order <= 0;
            case GT -> order > 0;
            case GE -> order >= 0;
            default -> throw new IllegalStateException();
        };
    }

    private boolean function(Expression.Function f, ObjectNode item) throws AwsJsonError {
        JsonNode subject = operand(f.arguments().getFirst(), item);
        return switch (f.name()) {
            case "attribute_exists" -> subject != null;
            case "attribute_not_exists" -> subject == null;
            case "attribute_type" -> {
                JsonNode type = operand(f.arguments().get(1), item);
                if (type == null || !type.has("S")) {
                    throw FakeDynamoDb.validation("Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type");
                }
                String name = type.get("S").asText();
                if (!Set.of("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS").contains(name)) {
                    throw FakeDynamoDb.validation("Invalid ConditionExpression: Invalid attribute type name found; type: "
                            + name + ", access path: " + f.arguments().getFirst());
                }
                yield subject != null && DynamoValues.type(subject).equals(name);
            }
            case "begins_with" -> {
                JsonNode prefix = operand(f.arguments().get(1), item);
                if (subject == null || prefix == null || !DynamoValues.type(subject).equals(DynamoValues.type(prefix))) {
                    yield false;
                }
                yield switch (DynamoValues.type(subject)) {
                    case "S" -> subject.get("S").asText().startsWith(prefix.get("S").asText());
                    case "B" -> {
                        byte[] s = DynamoValues.base64(subject.get("B").asText());
                        byte[] p = DynamoValues.base64(prefix.get("B").asText());
                        yield s.length >= p.length && java.util.Arrays.equals(s, 0, p.length, p, 0, p.length);
                    }
                    default -> false;
                };
            }
            case "contains" -> {
                JsonNode needle = operand(f.arguments().get(1), item);
                if (subject == null || needle == null) {
                    yield false;
                }
                String type = DynamoValues.type(subject);
                String needleType = DynamoValues.type(needle);
                yield switch (type) {
                    case "S" -> needleType.equals("S") && subject.get("S").asText().contains(needle.get("S").asText());
                    case "SS", "NS", "BS" -> needleType.equals(type.substring(0, 1))
                            && DynamoValues.setOf(type, subject.get(type))
                                    .containsAll(DynamoValues.setOf(type, DynamoValues.NODES.arrayNode().add(needle.get(needleType))));
                    case "L" -> {
                        for (JsonNode element : subject.get("L")) {
                            if (DynamoValues.same(element, needle)) {
                                yield true;
                            }
                        }
                        yield false;
                    }
                    default -> false;
                };
            }
            default -> throw new IllegalStateException(f.name());
        };
    }

    // ---- updates ----

    /** An applied update: the new item and the document paths it touched (for UPDATED_OLD / UPDATED_NEW). */
    record Applied(ObjectNode item, List<List<Object>> touched) {}

    /**
     * Applies {@code update} to {@code old} (absent: a new item of {@code key}). Every right-hand side is evaluated
     * against the item as it was before the update, as DynamoDB does.
     */
    Applied apply(Expression.Update update, ObjectNode old, ObjectNode key, Set<String> keyNames) throws AwsJsonError {
        ObjectNode base = old != null ? old : key;
        ObjectNode item = base.deepCopy();
        List<List<Object>> paths = new ArrayList<>();
        for (var set : update.sets()) {
            paths.add(resolve(set.path()));
        }
        for (var remove : update.removes()) {
            paths.add(resolve(remove));
        }
        for (var add : update.adds()) {
            paths.add(resolve(add.path()));
        }
        for (var delete : update.deletes()) {
            paths.add(resolve(delete.path()));
        }
        for (int i = 0; i < paths.size(); i++) {
            String top = (String) paths.get(i).getFirst();
            if (keyNames.contains(top)) {
                throw FakeDynamoDb.validation("One or more parameter values were invalid: Cannot update attribute " + top
                        + ". This attribute is part of the key");
            }
            for (int j = 0; j < i; j++) {
                if (overlap(paths.get(i), paths.get(j))) {
                    throw FakeDynamoDb.validation("Invalid UpdateExpression: Two document paths overlap with each other; "
                            + "must remove or rewrite one of these paths; path one: " + show(paths.get(j))
                            + ", path two: " + show(paths.get(i)));
                }
            }
        }
        int p = 0;
        for (var set : update.sets()) {
            List<Object> path = paths.get(p++);
            JsonNode value = operand(set.value(), base);
            if (value == null) {
                throw FakeDynamoDb.validation("The provided expression refers to an attribute that does not exist in the item");
            }
            put(item, path, value);
        }
        for (int r = 0; r < update.removes().size(); r++) {
            List<Object> path = paths.get(p++);
            remove(item, path);
        }
        for (var add : update.adds()) {
            List<Object> path = paths.get(p++);
            JsonNode value = values.get(add.value().name());
            JsonNode current = lookup(base, path);
            String type = DynamoValues.type(value);
            JsonNode result;
            if (type.equals("N")) {
                if (current == null) {
                    result = value;
                } else if (!current.has("N")) {
                    throw FakeDynamoDb.validation("An operand in the update expression has an incorrect data type");
                } else {
                    BigDecimal sum = new BigDecimal(current.get("N").asText()).add(new BigDecimal(value.get("N").asText()));
                    DynamoValues.checkRange(sum);
                    result = DynamoValues.number(sum);
                }
            } else if (type.equals("SS") || type.equals("NS") || type.equals("BS")) {
                if (current == null) {
                    result = value;
                } else if (!current.has(type)) {
                    throw FakeDynamoDb.validation("An operand in the update expression has an incorrect data type");
                } else {
                    ArrayNode union = ((ArrayNode) current.get(type)).deepCopy();
                    Set<Object> present = DynamoValues.setOf(type, union);
                    for (JsonNode e : value.get(type)) {
                        if (present.add(DynamoValues.setOf(type, DynamoValues.NODES.arrayNode().add(e)).iterator().next())) {
                            union.add(e);
                        }
                    }
                    result = DynamoValues.of(type, union);
                }
            } else {
                throw FakeDynamoDb.validation("Invalid UpdateExpression: Incorrect operand type for operator or function; "
                        + "operator: ADD, operand type: " + (type.equals("L") ? "LIST" : type.equals("M") ? "MAP" : type));
            }
            put(item, path, result);
        }
        for (var delete : update.deletes()) {
            List<Object> path = paths.get(p++);
            JsonNode value = values.get(delete.value().name());
            String type = DynamoValues.type(value);
            if (!type.equals("SS") && !type.equals("NS") && !type.equals("BS")) {
                throw FakeDynamoDb.validation("Invalid UpdateExpression: Incorrect operand type for operator or function; "
                        + "operator: DELETE, operand type: " + type);
            }
            JsonNode current = lookup(base, path);
            if (current == null) {
                continue;
            }
            if (!current.has(type)) {
                throw FakeDynamoDb.validation("An operand in the update expression has an incorrect data type");
            }
            Set<Object> gone = DynamoValues.setOf(type, value.get(type));
            ArrayNode left = DynamoValues.NODES.arrayNode();
            for (JsonNode e : current.get(type)) {
                if (!gone.contains(DynamoValues.setOf(type, DynamoValues.NODES.arrayNode().add(e)).iterator().next())) {
                    left.add(e);
                }
            }
            if (left.isEmpty()) {
                remove(item, path);
            } else {
                put(item, path, DynamoValues.of(type, left));
            }
        }
        return new Applied(item, paths);
    }

    private static boolean overlap(List<Object> a, List<Object> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            if (!a.get(i).equals(b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String show(List<Object> path) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < path.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(path.get(i) instanceof Integer n ? "[" + n + "]" : path.get(i));
        }
        return s.append("]").toString();
    }

    private static void put(ObjectNode item, List<Object> path, JsonNode value) throws AwsJsonError {
        if (path.size() == 1) {
            item.set((String) path.getFirst(), value);
            return;
        }
        JsonNode parent = lookup(item, path.subList(0, path.size() - 1));
        Object last = path.getLast();
        if (last instanceof String member && parent != null && parent.get("M") instanceof ObjectNode map) {
            map.set(member, value);
        } else if (last instanceof Integer index && parent != null && parent.get("L") instanceof ArrayNode list) {
            if (index < list.size()) {
                list.set(index, value);
            } else {
                list.add(value);
            }
        } else {
            throw FakeDynamoDb.validation("The document path provided in the update expression is invalid for update");
        }
    }

    private static void remove(ObjectNode item, List<Object> path) throws AwsJsonError {
        if (path.size() == 1) {
            item.remove((String) path.getFirst());
            return;
        }
        JsonNode parent = lookup(item, path.subList(0, path.size() - 1));
        Object last = path.getLast();
        if (last instanceof String member && parent != null && parent.get("M") instanceof ObjectNode map) {
            map.remove(member);
        } else if (last instanceof Integer index && parent != null && parent.get("L") instanceof ArrayNode list) {
            if (index < list.size()) {
                list.remove(index.intValue());
            }
        } else if (parent == null || (!parent.has("M") && !parent.has("L"))) {
            throw FakeDynamoDb.validation("The document path provided in the update expression is invalid for update");
        }
    }

    // ---- projections ----

    /** The item cut down to {@code paths} (map members and list elements kept in their places, lists compacted in index order). */
    ObjectNode project(List<Path> paths, ObjectNode item) {
        List<List<Object>> resolved = new ArrayList<>(paths.size());
        for (Path path : paths) {
            resolved.add(resolve(path));
        }
        return projectResolved(resolved, item);
    }

    /** {@link #project} with resolved paths (String members, Integer indexes). */
    static ObjectNode projectResolved(List<List<Object>> paths, ObjectNode item) {
        Map<Object, Object> wanted = new java.util.HashMap<>();
        for (List<Object> resolved : paths) {
            Map<Object, Object> level = wanted;
            for (int i = 0; i < resolved.size(); i++) {
                Object step = resolved.get(i);
                if (i == resolved.size() - 1) {
                    level.put(step, Boolean.TRUE);
                } else {
                    Object next = level.get(step);
                    if (next == Boolean.TRUE) {
                        break;
                    }
                    if (next == null) {
                        next = new java.util.HashMap<Object, Object>();
                        level.put(step, next);
                    }
                    @SuppressWarnings("unchecked")
                    Map<Object, Object> nextLevel = (Map<Object, Object>) next;
                    level = nextLevel;
                }
            }
        }
        ObjectNode out = DynamoValues.NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode kept = keep(e.getValue(), wanted.get(e.getKey()));
            if (kept != null) {
                out.set(e.getKey(), kept);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static JsonNode keep(JsonNode value, Object wanted) {
        if (wanted == null) {
            return null;
        }
        if (wanted == Boolean.TRUE) {
            return value;
        }
        Map<Object, Object> children = (Map<Object, Object>) wanted;
        if (value.get("M") instanceof ObjectNode map) {
            ObjectNode out = DynamoValues.NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode kept = keep(e.getValue(), children.get(e.getKey()));
                if (kept != null) {
                    out.set(e.getKey(), kept);
                }
            }
            return out.isEmpty() ? null : DynamoValues.of("M", out);
        }
        if (value.get("L") instanceof ArrayNode list) {
            ArrayNode out = DynamoValues.NODES.arrayNode();
            for (int i = 0; i < list.size(); i++) {
                JsonNode kept = keep(list.get(i), children.get(i));
                if (kept != null) {
                    out.add(kept);
                }
            }
            return out.isEmpty() ? null : DynamoValues.of("L", out);
        }
        return null;
    }
}
