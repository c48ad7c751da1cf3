package hu.autoinvoice.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Paging for the list operations of the AWS JSON stand-ins: a page size checked like AWS checks it, and an opaque
 * cursor ({@code Marker}, {@code NextToken}) that names the last item returned, so items created or removed between
 * two calls neither repeat nor shift the next page.
 */
final class AwsPaging {

    private AwsPaging() {}

    /** One page of items and the cursor to the next (null on the last page). */
    record Page<T>(List<T> items, String next) {}

    /**
     * The page size in {@code field} (between 1 and {@code max}; {@code fallback} when absent), else the
     * ValidationException AWS gives for a value out of range.
     */
    static int size(JsonNode request, String field, int max, int fallback) throws AwsJsonError {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToInt()) {
            throw AwsJsonError.validation("1 validation error detected: Value '" + node.asText() + "' at '"
                    + memberName(field) + "' failed to satisfy constraint: Member must be a number");
        }
        int size = node.asInt();
        if (size < 1 || size > max) {
            throw AwsJsonError.validation("1 validation error detected: Value '" + size + "' at '" + memberName(field)
                    + "' failed to satisfy constraint: Member must have value "
                    + (size < 1 ? "greater than or equal to 1" : "less than or equal to " + max));
        }
        return size;
    }

    /** The sort key named by the cursor in {@code field}, null when absent; {@code invalid} when it is not ours. */
    static String cursor(JsonNode request, String field, Supplier<AwsJsonError> invalid) throws AwsJsonError {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            String key = new String(Base64.getUrlDecoder().decode(node.asText()), StandardCharsets.UTF_8);
            if (!key.startsWith("~")) {
                throw invalid.get();
            }
            return key.substring(1);
        } catch (IllegalArgumentException e) {
            throw invalid.get();
        }
    }

    /**
     * The items after {@code after} (a sort key from {@link #cursor}; null = from the start), at most {@code size} of
     * them. {@code sorted} must be in {@code order} of {@code key}.
     */
    static <T> Page<T> page(List<T> sorted, Function<T, String> key, Comparator<String> order, String after, int size) {
        List<T> rest = after == null ? sorted : sorted.stream().filter(item -> order.compare(key.apply(item), after) > 0).toList();
        if (rest.size() <= size) {
            return new Page<>(rest, null);
        }
        List<T> items = rest.subList(0, size);
        String last = "~" + key.apply(items.get(size - 1));
        return new Page<>(items, Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
    }

    private static String memberName(String field) {
        return Character.toLowerCase(field.charAt(0)) + field.substring(1);
    }
}
