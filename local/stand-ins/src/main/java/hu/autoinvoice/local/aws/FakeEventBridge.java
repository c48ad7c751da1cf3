package hu.autoinvoice.local.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Amazon EventBridge stand-in ({@code AWSEvents.*}, AWS JSON 1.1): {@code PutEvents} and the bus calls an operator
 * tries with the AWS CLI, {@code CreateEventBus}, {@code DescribeEventBus}, {@code ListEventBuses} (NamePrefix,
 * Limit, NextToken) and {@code DeleteEventBus}. The {@code default} bus always exists and cannot be deleted; buses
 * are addressed by name or by ARN ({@code arn:aws:events:<region>:<account>:event-bus/<name>}).
 *
 * <p>{@code PutEvents} checks what AWS checks before it accepts anything: 1 to 10 entries, and a total entry size
 * (AWS's own calculation: Time 14 bytes if given, plus the UTF-8 sizes of Source, DetailType, Detail and each
 * Resources item) of at most {@value #MAX_REQUEST_BYTES} bytes; otherwise the whole request fails with
 * {@code ValidationException} (the count message does not echo the entries, unlike AWS, so event contents never
 * reach a log). AWS raised its event size limit to 1 MB in January 2026; this stand-in keeps the older 256 KiB, so a
 * batch it accepts is accepted by AWS too. Each entry then gets its own result, in request order: a missing Source,
 * DetailType or Detail fails with {@code InvalidArgument}, a Detail that is not a JSON object with
 * {@code MalformedDetail}; a good entry gets a random {@code EventId} and is recorded.
 *
 * <p>An entry for an event bus that does not exist is <em>accepted and dropped</em>, as AWS does: it gets an
 * EventId, FailedEntryCount stays 0, and nothing is recorded (a warning is logged). Only
 * {@code DescribeEventBus} reports such a bus, with {@code ResourceNotFoundException}. (aws/aws-cli#9186,
 * aws/aws-sdk#186 and LocalStack's AWS-validated {@code PutEvents} tests all show this.)
 *
 * <p>Not implemented: rules and event patterns, targets and delivery, archives and replays, API destinations and
 * connections, global endpoints ({@code EndpointId}), partner event sources, permissions and policies, tags, and the
 * schema registry; such operations fail with {@code UnknownOperationException}. Events are never delivered
 * anywhere: they are only recorded in memory, for tests and the local runner to read with {@link #recorded()}.
 * {@link #failNextPuts} injects faults.
 */
public final class FakeEventBridge implements AwsJsonService {

    /** AWS's PutEvents limit on entries per request. */
    static final int MAX_ENTRIES = 10;
    /** The total entry size allowed in one PutEvents request (AWS's pre-2026 limit, 256 KiB). */
    static final int MAX_REQUEST_BYTES = 256 * 1024;
    static final String DEFAULT_BUS = "default";

    private static final Logger LOG = LoggerFactory.getLogger(FakeEventBridge.class);
    private static final int TIME_BYTES = 14;
    private static final int MAX_LIST_LIMIT = 100;
    private static final Pattern BUS_NAME = Pattern.compile("[.\\-_A-Za-z0-9]{1,256}");

    /** What {@link #failNextPuts} makes fail. */
    public enum Failure {
        /**
         * Each of the next PutEvents <em>requests</em> (every HTTP attempt, so SDK retries count) is refused with
         * HTTP 500 {@code InternalException}: the SDK retries it, or throws once it has no attempts left. Nothing of
         * such a request is recorded.
         */
        REQUEST,
        /**
         * Each of the next <em>entries</em> that would otherwise be accepted (counted across requests, in order)
         * gets {@code ErrorCode: InternalFailure} in its result, a retryable per-entry failure that counts in
         * FailedEntryCount and is not recorded; the request itself succeeds.
         */
        ENTRY
    }

    /**
     * One accepted event. {@code time} is the entry's Time as sent, or the time of the put if it had none;
     * {@code resources} is empty if the entry had none.
     */
    public record RecordedEvent(String eventId, String busName, String source, String detailType, String detail,
                                Instant time, List<String> resources) {
        public RecordedEvent {
            resources = List.copyOf(resources);
        }
    }

    private record Bus(String name, String arn, String description, Instant created) {}

    private record EntryError(String code, String message) {}

    private final ObjectMapper json = new ObjectMapper();
    private final ObjectReader detailReader = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final String region;
    private final String accountId;
    private final Map<String, Bus> buses = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final List<RecordedEvent> recorded = new ArrayList<>();
    private Failure pendingKind = Failure.REQUEST;
    private int pendingFailures;

    FakeEventBridge(String region, String accountId) {
        this.region = region;
        this.accountId = accountId;
        buses.put(DEFAULT_BUS, new Bus(DEFAULT_BUS, arn(DEFAULT_BUS), null, Instant.now()));
    }

    @Override
    public String targetPrefix() {
        return "AWSEvents";
    }

    @Override
    public ObjectNode handle(String operation, JsonNode request) throws AwsJsonError {
        return switch (operation) {
            case "PutEvents" -> putEvents(request);
            case "CreateEventBus" -> createEventBus(request);
            case "DescribeEventBus" -> describeEventBus(request);
            case "ListEventBuses" -> listEventBuses(request);
            case "DeleteEventBus" -> deleteEventBus(request);
            default -> throw new AwsJsonError("UnknownOperationException",
                    "EventBridge stand-in does not implement " + operation + " (only PutEvents and event buses)");
        };
    }

    /** The events accepted so far, in put order (a copy). */
    public List<RecordedEvent> recorded() {
        synchronized (lock) {
            return List.copyOf(recorded);
        }
    }

    /** Forgets the recorded events (buses and pending failures stay). */
    public void clearRecorded() {
        synchronized (lock) {
            recorded.clear();
        }
    }

    /**
     * Makes the next {@code n} PutEvents requests ({@link Failure#REQUEST}) or the next {@code n} otherwise good
     * entries ({@link Failure#ENTRY}) fail; replaces any failures still pending, and {@code n = 0} cancels them.
     */
    public void failNextPuts(int n, Failure kind) {
        if (n < 0 || kind == null) {
            throw new IllegalArgumentException("n must be >= 0 and kind given");
        }
        synchronized (lock) {
            pendingFailures = n;
            pendingKind = kind;
        }
    }

    private ObjectNode putEvents(JsonNode request) throws AwsJsonError {
        synchronized (lock) {
            if (pendingKind == Failure.REQUEST && pendingFailures > 0) {
                pendingFailures--;
                throw new AwsJsonError("InternalException", "Internal service error (injected by the stand-in).", 500);
            }
        }
        JsonNode entries = request.get("Entries");
        if (entries == null || entries.isNull()) {
            throw AwsJsonError.validation("1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null");
        }
        if (!entries.isArray()) {
            throw new AwsJsonError("SerializationException", "Entries must be a list");
        }
        if (entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            throw AwsJsonError.validation("1 validation error detected: Value '[" + entries.size() + " entries]' at 'entries'"
                    + " failed to satisfy constraint: Member must have length "
                    + (entries.isEmpty() ? "greater than or equal to 1" : "less than or equal to " + MAX_ENTRIES));
        }
        long size = 0;
        for (JsonNode entry : entries) {
            size += entrySize(entry);
        }
        if (size > MAX_REQUEST_BYTES) {
            throw AwsJsonError.validation("Total size of the entries in the request is over the limit.");
        }

        Instant now = Instant.now();
        ObjectNode reply = json.createObjectNode();
        ArrayNode results = json.createArrayNode();
        int failed = 0;
        synchronized (lock) {
            for (JsonNode entry : entries) {
                ObjectNode result = results.addObject();
                EntryError error = invalid(entry);
                if (error != null) {
                    result.put("ErrorCode", error.code()).put("ErrorMessage", error.message());
                    failed++;
                    continue;
                }
                if (pendingKind == Failure.ENTRY && pendingFailures > 0) {
                    pendingFailures--;
                    result.put("ErrorCode", "InternalFailure")
                            .put("ErrorMessage", "Internal service error (injected by the stand-in).");
                    failed++;
                    continue;
                }
                String eventId = UUID.randomUUID().toString();
                result.put("EventId", eventId);
                String busName = busName(FakeKms.optionalText(entry, "EventBusName", DEFAULT_BUS));
                if (busName == null || !buses.containsKey(busName)) {
                    LOG.warn("PutEvents entry for event bus {}, which does not exist: accepted and dropped, as AWS does",
                            FakeKms.optionalText(entry, "EventBusName", DEFAULT_BUS));
                    continue;
                }
                recorded.add(new RecordedEvent(eventId, busName, entry.get("Source").asText(),
                        entry.get("DetailType").asText(), entry.get("Detail").asText(), time(entry, now), resources(entry)));
                // what a rule on the bus would receive, shown as it arrives (make run): our details carry no secrets
                LOG.info("EventBridge {}: {} {} {}", busName, entry.get("Source").asText(), entry.get("DetailType").asText(),
                        entry.get("Detail").asText());
            }
        }
        reply.put("FailedEntryCount", failed);
        reply.set("Entries", results);
        return reply;
    }

    /** The entry's first problem, as AWS reports it in the entry's result, or null. */
    private EntryError invalid(JsonNode entry) {
        for (String field : List.of("Source", "DetailType", "Detail")) {
            JsonNode node = entry.get(field);
            if (node == null || node.isNull() || node.asText().isEmpty()) {
                return new EntryError("InvalidArgument",
                        "Parameter " + field + " is not valid. Reason: " + field + " is a required argument.");
            }
        }
        try {
            JsonNode detail = detailReader.readTree(entry.get("Detail").asText());
            if (detail != null && detail.isObject()) {
                return null;
            }
        } catch (JsonProcessingException e) {
            // falls through to MalformedDetail
        }
        return new EntryError("MalformedDetail", "Detail is malformed.");
    }

    private static long entrySize(JsonNode entry) {
        long size = entry.hasNonNull("Time") ? TIME_BYTES : 0;
        for (String field : List.of("Source", "DetailType", "Detail")) {
            if (entry.hasNonNull(field)) {
                size += utf8Length(entry.get(field).asText());
            }
        }
        JsonNode resources = entry.get("Resources");
        if (resources != null && resources.isArray()) {
            for (JsonNode resource : resources) {
                size += utf8Length(resource.asText());
            }
        }
        return size;
    }

    private static long utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Time as sent by the SDK (epoch seconds, fractional) or as ISO-8601 text; the put time if absent or unreadable. */
    private static Instant time(JsonNode entry, Instant fallback) {
        JsonNode node = entry.get("Time");
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isNumber()) {
            BigDecimal seconds = node.decimalValue();
            return Instant.ofEpochSecond(seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    private static List<String> resources(JsonNode entry) {
        List<String> resources = new ArrayList<>();
        JsonNode node = entry.get("Resources");
        if (node != null && node.isArray()) {
            node.forEach(resource -> resources.add(resource.asText()));
        }
        return resources;
    }

    private ObjectNode createEventBus(JsonNode request) throws AwsJsonError {
        String name = FakeKms.text(request, "Name");
        if (!BUS_NAME.matcher(name).matches()) {
            throw AwsJsonError.validation("Event bus name must be 1 to 256 of A-Z a-z 0-9 . - _ (partner buses are not emulated)");
        }
        Bus bus = new Bus(name, arn(name), FakeKms.optionalText(request, "Description", null), Instant.now());
        if (buses.putIfAbsent(name, bus) != null) {
            throw new AwsJsonError("ResourceAlreadyExistsException", "Event bus " + name + " already exists.");
        }
        ObjectNode reply = json.createObjectNode().put("EventBusArn", bus.arn());
        if (bus.description() != null) {
            reply.put("Description", bus.description());
        }
        return reply;
    }

    private ObjectNode describeEventBus(JsonNode request) throws AwsJsonError {
        String reference = FakeKms.optionalText(request, "Name", DEFAULT_BUS);
        String name = busName(reference);
        Bus bus = name == null ? null : buses.get(name);
        if (bus == null) {
            throw new AwsJsonError("ResourceNotFoundException",
                    "Event bus " + (name == null ? reference : name) + " does not exist.");
        }
        return describe(bus);
    }

    private ObjectNode listEventBuses(JsonNode request) throws AwsJsonError {
        String prefix = FakeKms.optionalText(request, "NamePrefix", "");
        int limit = request.hasNonNull("Limit") ? request.get("Limit").asInt() : MAX_LIST_LIMIT;
        if (limit < 1 || limit > MAX_LIST_LIMIT) {
            throw AwsJsonError.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to satisfy"
                    + " constraint: Member must have value between 1 and " + MAX_LIST_LIMIT);
        }
        String after = afterToken(FakeKms.optionalText(request, "NextToken", null));
        List<Bus> matching = buses.values().stream()
                .filter(bus -> bus.name().startsWith(prefix))
                .filter(bus -> after == null || bus.name().compareTo(after) > 0)
                .sorted(Comparator.comparing(Bus::name))
                .toList();
        ObjectNode reply = json.createObjectNode();
        ArrayNode list = reply.putArray("EventBuses");
        matching.stream().limit(limit).forEach(bus -> list.add(describe(bus)));
        if (matching.size() > limit) {
            reply.put("NextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(matching.get(limit - 1).name().getBytes(StandardCharsets.UTF_8)));
        }
        return reply;
    }

    private static String afterToken(String token) throws AwsJsonError {
        if (token == null) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AwsJsonError.validation("The NextToken is not valid.");
        }
    }

    private ObjectNode deleteEventBus(JsonNode request) throws AwsJsonError {
        String name = FakeKms.text(request, "Name");
        if (DEFAULT_BUS.equals(name)) {
            throw AwsJsonError.validation("Cannot delete event bus default.");
        }
        buses.remove(name); // a bus that does not exist: success, as with AWS
        return json.createObjectNode();
    }

    private ObjectNode describe(Bus bus) {
        ObjectNode node = json.createObjectNode().put("Name", bus.name()).put("Arn", bus.arn());
        if (bus.description() != null) {
            node.put("Description", bus.description());
        }
        return node.put("CreationTime", bus.created().getEpochSecond())
                .put("LastModifiedTime", bus.created().getEpochSecond());
    }

    /** A bus name or this account's and region's bus ARN → the name; null for any other ARN. */
    private String busName(String reference) {
        if (!reference.startsWith("arn:")) {
            return reference;
        }
        String prefix = arn("");
        return reference.startsWith(prefix) && reference.length() > prefix.length() ? reference.substring(prefix.length()) : null;
    }

    private String arn(String name) {
        return "arn:aws:events:" + region + ":" + accountId + ":event-bus/" + name;
    }
}
