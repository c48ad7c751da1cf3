package hu.autoinvoice.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secrets Manager stand-in ({@code secretsmanager.*}): {@code CreateSecret}, {@code PutSecretValue} and
 * {@code GetSecretValue} on in-memory secrets addressed by name or ARN. Only the current version (AWSCURRENT) and
 * the one before it (AWSPREVIOUS) are kept. Values never appear in error messages.
 */
final class FakeSecretsManager implements AwsJsonService {

    private static final String SUFFIX_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final String region;
    private final String accountId;
    private final Map<String, Secret> byName = new ConcurrentHashMap<>();

    private record Version(String id, String string, String binary, Instant created) {}

    private record Secret(String name, String arn, Instant created, Version current, Version previous) {
        Secret withCurrent(Version version) {
            return new Secret(name, arn, created, version, current);
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
                Instant.now(), version, null);
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
