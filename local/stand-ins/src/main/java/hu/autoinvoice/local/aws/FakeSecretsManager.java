package hu.autoinvoice.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Secrets Manager stand-in ({@code secretsmanager.*}): {@code CreateSecret}, {@code PutSecretValue} and
 * {@code GetSecretValue} on in-memory secrets addressed by name or ARN, and {@code DescribeSecret} and
 * {@code ListSecrets} (filters, {@code MaxResults}/{@code NextToken}, {@code SortOrder} by creation date) for a look
 * around with the AWS CLI; like AWS, neither of the two shows a value. Only the current version (AWSCURRENT) and the
 * one before it (AWSPREVIOUS) are kept. Values never appear in error messages.
 */
final class FakeSecretsManager implements AwsJsonService {

    private static final String SUFFIX_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final List<String> FILTER_KEYS =
            List.of("description", "name", "tag-key", "tag-value", "primary-region", "owning-service", "all");

    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final String region;
    private final String accountId;
    private final Map<String, Secret> byName = new ConcurrentHashMap<>();

    private record Version(String id, String string, String binary, Instant created) {}

    private record Secret(String name, String arn, Instant created, String description, String kmsKeyId,
            Map<String, String> tags, Instant lastChanged, Version current, Version previous) {
        Secret withCurrent(Version version) {
            return new Secret(name, arn, created, description, kmsKeyId, tags, version.created(), version, current);
        }

        /** Sort key of ListSecrets: creation time (fixed width), then name. */
        String sortKey() {
            long nanos = created.getEpochSecond() * 1_000_000_000L + created.getNano();
            return String.format("%020d/%s", nanos, name);
        }
    }

    FakeSecretsManager(String region, String accountId) {
        this.region = region;
        this.accountId = accountId;
    }

    @Override
    public String targetPrefix() {
        return "secretsmanager";
    }

    @Override
    public ObjectNode handle(String operation, JsonNode request) throws AwsJsonError {
        return switch (operation) {
            case "CreateSecret" -> createSecret(request);
            case "PutSecretValue" -> putSecretValue(request);
            case "GetSecretValue" -> getSecretValue(request);
            case "DescribeSecret" -> describeSecret(request);
            case "ListSecrets" -> listSecrets(request);
            default -> throw new AwsJsonError("UnknownOperationException", "Secrets Manager stand-in does not implement " + operation);
        };
    }

    private ObjectNode createSecret(JsonNode request) throws AwsJsonError {
        String name = FakeKms.text(request, "Name");
        if (name.startsWith("arn:")) {
            throw AwsJsonError.validation("Name must be a name, not an ARN");
        }
        Version version = version(request);
        Secret secret = new Secret(name, "arn:aws:secretsmanager:" + region + ":" + accountId + ":secret:" + name + "-" + suffix(),
                version.created(), FakeKms.optionalText(request, "Description", null),
                FakeKms.optionalText(request, "KmsKeyId", null), tags(request), version.created(), version, null);
        if (byName.putIfAbsent(name, secret) != null) {
            throw new AwsJsonError("ResourceExistsException", "The operation failed because the secret " + name + " already exists.");
        }
        return reference(secret).put("VersionId", version.id());
    }

    private ObjectNode putSecretValue(JsonNode request) throws AwsJsonError {
        Secret secret = find(FakeKms.text(request, "SecretId"));
        Version version = version(request);
        Secret updated = byName.computeIfPresent(secret.name(), (name, old) -> old.withCurrent(version));
        if (updated == null) {
            throw notFound();
        }
        ObjectNode reply = reference(updated).put("VersionId", version.id());
        reply.putArray("VersionStages").add("AWSCURRENT");
        return reply;
    }

    private ObjectNode getSecretValue(JsonNode request) throws AwsJsonError {
        Secret secret = find(FakeKms.text(request, "SecretId"));
        String wantedId = FakeKms.optionalText(request, "VersionId", null);
        String stage = FakeKms.optionalText(request, "VersionStage", wantedId == null ? "AWSCURRENT" : null);
        Version version;
        String versionStage;
        if (wantedId != null && secret.current().id().equals(wantedId) || wantedId == null && "AWSCURRENT".equals(stage)) {
            version = secret.current();
            versionStage = "AWSCURRENT";
        } else if (secret.previous() != null && (wantedId != null && secret.previous().id().equals(wantedId)
                || wantedId == null && "AWSPREVIOUS".equals(stage))) {
            version = secret.previous();
            versionStage = "AWSPREVIOUS";
        } else {
            throw new AwsJsonError("ResourceNotFoundException", "Secrets Manager can't find the specified secret value for the requested version or stage.");
        }
        ObjectNode reply = reference(secret).put("VersionId", version.id()).put("CreatedDate", version.created().getEpochSecond());
        if (version.string() != null) {
            reply.put("SecretString", version.string());
        } else {
            reply.put("SecretBinary", version.binary());
        }
        reply.putArray("VersionStages").add(versionStage);
        return reply;
    }

    private ObjectNode describeSecret(JsonNode request) throws AwsJsonError {
        Secret secret = find(FakeKms.text(request, "SecretId"));
        ObjectNode reply = summary(secret);
        reply.set("VersionIdsToStages", reply.remove("SecretVersionsToStages"));
        return reply;
    }

    /**
     * Secrets by creation date ({@code SortOrder} asc, the default, or desc), {@code MaxResults} (1 to 100, default
     * 100) a page; {@code Filters} with AWS's keys: a secret passes a filter when one of its plain values matches and
     * none of its {@code !}-values does, and must pass every filter.
     */
    private ObjectNode listSecrets(JsonNode request) throws AwsJsonError {
        int size = AwsPaging.size(request, "MaxResults", 100, 100);
        String after = AwsPaging.cursor(request, "NextToken",
                () -> new AwsJsonError("InvalidNextTokenException", "You provided an invalid NextToken value."));
        String order = FakeKms.optionalText(request, "SortOrder", "asc");
        if (!order.equals("asc") && !order.equals("desc")) {
            throw AwsJsonError.validation("1 validation error detected: Value '" + order
                    + "' at 'sortOrder' failed to satisfy constraint: Member must satisfy enum value set: [asc, desc]");
        }
        List<Predicate<Secret>> filters = filters(request);
        Comparator<String> direction = order.equals("asc") ? Comparator.naturalOrder() : Comparator.reverseOrder();
        List<Secret> sorted = byName.values().stream().filter(secret -> filters.stream().allMatch(f -> f.test(secret)))
                .sorted(Comparator.comparing(Secret::sortKey, direction)).toList();
        AwsPaging.Page<Secret> page = AwsPaging.page(sorted, Secret::sortKey, direction, after, size);
        ObjectNode reply = json.createObjectNode();
        ArrayNode list = reply.putArray("SecretList");
        page.items().forEach(secret -> list.add(summary(secret)));
        if (page.next() != null) {
            reply.put("NextToken", page.next());
        }
        return reply;
    }

    private static List<Predicate<Secret>> filters(JsonNode request) throws AwsJsonError {
        List<Predicate<Secret>> filters = new ArrayList<>();
        JsonNode list = request.path("Filters");
        for (int i = 0; i < list.size(); i++) {
            String key = list.get(i).path("Key").asText();
            if (!FILTER_KEYS.contains(key)) {
                throw AwsJsonError.validation("1 validation error detected: Value '" + key + "' at 'filters." + (i + 1)
                        + ".member.key' failed to satisfy constraint: Member must satisfy enum value set: " + FILTER_KEYS);
            }
            List<Predicate<Secret>> wanted = new ArrayList<>();
            List<Predicate<Secret>> unwanted = new ArrayList<>();
            for (JsonNode value : list.get(i).path("Values")) {
                String text = value.asText();
                if (text.startsWith("!")) {
                    unwanted.add(matcher(key, text.substring(1)));
                } else {
                    wanted.add(matcher(key, text));
                }
            }
            filters.add(secret -> (wanted.isEmpty() || wanted.stream().anyMatch(p -> p.test(secret)))
                    && unwanted.stream().noneMatch(p -> p.test(secret)));
        }
        return filters;
    }

    /** AWS's matching: prefixes, case-sensitive except description and all; no replicas and no owning services here. */
    private static Predicate<Secret> matcher(String key, String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return switch (key) {
            case "name" -> secret -> secret.name().startsWith(value);
            case "description" -> secret -> secret.description() != null
                    && secret.description().toLowerCase(Locale.ROOT).startsWith(lower);
            case "tag-key" -> secret -> secret.tags().keySet().stream().anyMatch(k -> k.startsWith(value));
            case "tag-value" -> secret -> secret.tags().values().stream().anyMatch(v -> v.startsWith(value));
            case "all" -> secret -> {
                List<String> words = words(lower);
                return words(secret.name() + " " + Objects.requireNonNullElse(secret.description(), "") + " "
                        + String.join(" ", secret.tags().keySet()) + " " + String.join(" ", secret.tags().values()))
                        .stream().anyMatch(word -> words.stream().anyMatch(word::startsWith));
            };
            default -> secret -> false;
        };
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{Alnum}]+")).filter(w -> !w.isEmpty()).toList();
    }

    /** What DescribeSecret and a ListSecrets entry show: names, dates, description, tags and version stages, no value. */
    private ObjectNode summary(Secret secret) {
        ObjectNode node = reference(secret);
        if (secret.description() != null) {
            node.put("Description", secret.description());
        }
        if (secret.kmsKeyId() != null) {
            node.put("KmsKeyId", secret.kmsKeyId());
        }
        node.put("LastChangedDate", secret.lastChanged().getEpochSecond()).put("CreatedDate", secret.created().getEpochSecond());
        if (!secret.tags().isEmpty()) {
            ArrayNode tags = node.putArray("Tags");
            secret.tags().forEach((key, value) -> tags.addObject().put("Key", key).put("Value", value));
        }
        ObjectNode stages = node.putObject("SecretVersionsToStages");
        stages.putArray(secret.current().id()).add("AWSCURRENT");
        if (secret.previous() != null) {
            stages.putArray(secret.previous().id()).add("AWSPREVIOUS");
        }
        return node;
    }

    private static Map<String, String> tags(JsonNode request) throws AwsJsonError {
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode tag : request.path("Tags")) {
            if (!tag.path("Key").isTextual() || tag.path("Key").asText().isEmpty()) {
                throw new AwsJsonError("InvalidParameterException", "Every tag needs a Key");
            }
            tags.put(tag.get("Key").asText(), tag.path("Value").asText(""));
        }
        return Collections.unmodifiableMap(tags);
    }

    private Version version(JsonNode request) throws AwsJsonError {
        String string = FakeKms.optionalText(request, "SecretString", null);
        String binary = FakeKms.optionalText(request, "SecretBinary", null);
        if ((string == null) == (binary == null)) {
            throw new AwsJsonError("InvalidParameterException", "Give exactly one of SecretString or SecretBinary");
        }
        String id = FakeKms.optionalText(request, "ClientRequestToken", UUID.randomUUID().toString());
        return new Version(id, string, binary, Instant.now());
    }

    private Secret find(String secretId) throws AwsJsonError {
        Secret secret = byName.get(secretId);
        if (secret == null) {
            secret = byName.values().stream().filter(s -> s.arn().equals(secretId)).findFirst().orElse(null);
        }
        if (secret == null) {
            throw notFound();
        }
        return secret;
    }

    private ObjectNode reference(Secret secret) {
        return json.createObjectNode().put("ARN", secret.arn()).put("Name", secret.name());
    }

    private static AwsJsonError notFound() {
        return new AwsJsonError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    }

    private String suffix() {
        StringBuilder suffix = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            suffix.append(SUFFIX_CHARS.charAt(random.nextInt(SUFFIX_CHARS.length())));
        }
        return suffix.toString();
    }
}
