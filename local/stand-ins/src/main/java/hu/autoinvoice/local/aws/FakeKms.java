package hu.autoinvoice.local.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * KMS stand-in ({@code TrentService.*}): symmetric keys held in memory, AES-256-GCM with the encryption context
 * (sorted, canonical JSON) and the key id as associated data. The ciphertext blob is
 * {@code 0x01 | key uuid (36 ASCII bytes) | 12-byte IV | ciphertext+tag}, so Decrypt needs no KeyId, a different
 * context fails with {@code InvalidCiphertextException}, and a KeyId other than the blob's key fails with
 * {@code IncorrectKeyException}, as with real KMS. Key ids, key ARNs, alias names and alias ARNs are accepted.
 * {@code ListKeys} and {@code ListAliases} page with {@code Limit}/{@code Marker} as KMS does (for a look around with
 * {@code aws kms list-keys}); there are no AWS managed keys or aliases.
 * Error messages never contain plaintext or ciphertext.
 */
final class FakeKms implements AwsJsonService {

    private static final byte VERSION = 1;
    private static final int UUID_LENGTH = 36;
    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final int MAX_PLAINTEXT = 4096;
    private static final Pattern ALIAS_NAME = Pattern.compile("alias/[a-zA-Z0-9/_-]{1,250}");

    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final String region;
    private final String accountId;
    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final Map<String, Alias> aliases = new ConcurrentHashMap<>();

    private record Key(String id, String arn, SecretKey material, Instant created, String description) {}

    private record Alias(String name, String keyId, Instant created) {}

    FakeKms(String region, String accountId) {
        this.region = region;
        this.accountId = accountId;
    }

    @Override
    public String targetPrefix() {
        return "TrentService";
    }

    @Override
    public ObjectNode handle(String operation, JsonNode request) throws AwsJsonError {
        return switch (operation) {
            case "CreateKey" -> createKey(request);
            case "CreateAlias" -> createAlias(request);
            case "DescribeKey" -> json.createObjectNode().set("KeyMetadata", metadata(resolve(text(request, "KeyId"))));
            case "Encrypt" -> encrypt(request);
            case "Decrypt" -> decrypt(request);
            case "GenerateDataKey" -> generateDataKey(request);
            case "ListKeys" -> listKeys(request);
            case "ListAliases" -> listAliases(request);
            default -> throw new AwsJsonError("UnknownOperationException", "KMS stand-in does not implement " + operation);
        };
    }

    private ObjectNode createKey(JsonNode request) throws AwsJsonError {
        String spec = optionalText(request, "KeySpec", "SYMMETRIC_DEFAULT");
        String usage = optionalText(request, "KeyUsage", "ENCRYPT_DECRYPT");
        if (!"SYMMETRIC_DEFAULT".equals(spec) || !"ENCRYPT_DECRYPT".equals(usage)) {
            throw new AwsJsonError("UnsupportedOperationException", "Only SYMMETRIC_DEFAULT ENCRYPT_DECRYPT keys are emulated");
        }
        String id = UUID.randomUUID().toString();
        Key key = new Key(id, "arn:aws:kms:" + region + ":" + accountId + ":key/" + id, newAesKey(),
                Instant.now(), optionalText(request, "Description", ""));
        keys.put(id, key);
        return json.createObjectNode().set("KeyMetadata", metadata(key));
    }

    private ObjectNode createAlias(JsonNode request) throws AwsJsonError {
        String alias = text(request, "AliasName");
        if (!ALIAS_NAME.matcher(alias).matches() || alias.startsWith("alias/aws/")) {
            throw AwsJsonError.validation("AliasName must look like alias/<name> and not start with alias/aws/");
        }
        String target = text(request, "TargetKeyId");
        if (target.startsWith("alias/") || target.contains(":alias/")) {
            throw AwsJsonError.validation("TargetKeyId must be a key id or key ARN, not an alias");
        }
        Key key = resolve(target);
        if (aliases.putIfAbsent(alias, new Alias(alias, key.id(), Instant.now())) != null) {
            throw new AwsJsonError("AlreadyExistsException", "An alias with the name " + aliasArn(alias) + " already exists");
        }
        return json.createObjectNode();
    }

    /** Keys in key-id order, {@code Limit} (1 to 1000, default 100) a page, {@code Marker}/{@code NextMarker} between pages. */
    private ObjectNode listKeys(JsonNode request) throws AwsJsonError {
        int limit = AwsPaging.size(request, "Limit", 1000, 100);
        String after = AwsPaging.cursor(request, "Marker", FakeKms::invalidMarker);
        List<Key> sorted = keys.values().stream().sorted(Comparator.comparing(Key::id)).toList();
        AwsPaging.Page<Key> page = AwsPaging.page(sorted, Key::id, Comparator.naturalOrder(), after, limit);
        ObjectNode reply = json.createObjectNode();
        ArrayNode list = reply.putArray("Keys");
        page.items().forEach(key -> list.addObject().put("KeyId", key.id()).put("KeyArn", key.arn()));
        return truncated(reply, page);
    }

    /**
     * Aliases in name order, only those of {@code KeyId} when given (NotFoundException for an unknown key);
     * {@code Limit} (1 to 100, default 50) a page, {@code Marker}/{@code NextMarker} between pages.
     */
    private ObjectNode listAliases(JsonNode request) throws AwsJsonError {
        int limit = AwsPaging.size(request, "Limit", 100, 50);
        String after = AwsPaging.cursor(request, "Marker", FakeKms::invalidMarker);
        String keyId = request.hasNonNull("KeyId") ? resolve(text(request, "KeyId")).id() : null;
        List<Alias> sorted = aliases.values().stream().filter(alias -> keyId == null || alias.keyId().equals(keyId))
                .sorted(Comparator.comparing(Alias::name)).toList();
        AwsPaging.Page<Alias> page = AwsPaging.page(sorted, Alias::name, Comparator.naturalOrder(), after, limit);
        ObjectNode reply = json.createObjectNode();
        ArrayNode list = reply.putArray("Aliases");
        page.items().forEach(alias -> list.addObject()
                .put("AliasName", alias.name())
                .put("AliasArn", aliasArn(alias.name()))
                .put("TargetKeyId", alias.keyId())
                .put("CreationDate", alias.created().getEpochSecond())
                .put("LastUpdatedDate", alias.created().getEpochSecond()));
        return truncated(reply, page);
    }

    private static ObjectNode truncated(ObjectNode reply, AwsPaging.Page<?> page) {
        reply.put("Truncated", page.next() != null);
        if (page.next() != null) {
            reply.put("NextMarker", page.next());
        }
        return reply;
    }

    private static AwsJsonError invalidMarker() {
        return new AwsJsonError("InvalidMarkerException",
                "The request was rejected because the marker that specifies where pagination should next begin is not valid.");
    }

    private ObjectNode encrypt(JsonNode request) throws AwsJsonError {
        Key key = resolve(text(request, "KeyId"));
        byte[] plaintext = base64(request, "Plaintext");
        if (plaintext.length == 0 || plaintext.length > MAX_PLAINTEXT) {
            throw AwsJsonError.validation("Plaintext must be 1 to " + MAX_PLAINTEXT + " bytes long");
        }
        return json.createObjectNode()
                .put("CiphertextBlob", seal(key, plaintext, context(request)))
                .put("KeyId", key.arn())
                .put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
    }

    private ObjectNode generateDataKey(JsonNode request) throws AwsJsonError {
        Key key = resolve(text(request, "KeyId"));
        int length;
        if (request.hasNonNull("NumberOfBytes")) {
            length = request.get("NumberOfBytes").asInt();
            if (request.hasNonNull("KeySpec") || length < 1 || length > 1024) {
                throw AwsJsonError.validation("Give either KeySpec or NumberOfBytes (1 to 1024)");
            }
        } else {
            length = switch (optionalText(request, "KeySpec", "")) {
                case "AES_256" -> 32;
                case "AES_128" -> 16;
                default -> throw AwsJsonError.validation("KeySpec must be AES_256 or AES_128 (or give NumberOfBytes)");
            };
        }
        byte[] dataKey = new byte[length];
        random.nextBytes(dataKey);
        return json.createObjectNode()
                .put("CiphertextBlob", seal(key, dataKey, context(request)))
                .put("Plaintext", Base64.getEncoder().encodeToString(dataKey))
                .put("KeyId", key.arn());
    }

    private ObjectNode decrypt(JsonNode request) throws AwsJsonError {
        byte[] blob = base64(request, "CiphertextBlob");
        if (blob.length < 1 + UUID_LENGTH + IV_LENGTH + TAG_BITS / 8 || blob[0] != VERSION) {
            throw invalidCiphertext();
        }
        String keyId = new String(blob, 1, UUID_LENGTH, StandardCharsets.US_ASCII);
        Key key = keys.get(keyId);
        if (key == null) {
            throw invalidCiphertext();
        }
        if (request.hasNonNull("KeyId") && !resolve(text(request, "KeyId")).id().equals(keyId)) {
            throw new AwsJsonError("IncorrectKeyException",
                    "The key ID in the request does not identify a CMK that can perform this operation.");
        }
        byte[] plaintext;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.material(), new GCMParameterSpec(TAG_BITS, blob, 1 + UUID_LENGTH, IV_LENGTH));
            cipher.updateAAD(aad(key.id(), context(request)));
            int offset = 1 + UUID_LENGTH + IV_LENGTH;
            plaintext = cipher.doFinal(blob, offset, blob.length - offset);
        } catch (AEADBadTagException e) {
            throw invalidCiphertext();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
        return json.createObjectNode()
                .put("Plaintext", Base64.getEncoder().encodeToString(plaintext))
                .put("KeyId", key.arn())
                .put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
    }

    private String seal(Key key, byte[] plaintext, TreeMap<String, String> context) {
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.material(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(key.id(), context));
            byte[] sealed = cipher.doFinal(plaintext);
            ByteBuffer blob = ByteBuffer.allocate(1 + UUID_LENGTH + IV_LENGTH + sealed.length);
            blob.put(VERSION).put(key.id().getBytes(StandardCharsets.US_ASCII)).put(iv).put(sealed);
            return Base64.getEncoder().encodeToString(blob.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    private byte[] aad(String keyId, TreeMap<String, String> context) {
        try {
            return (keyId + "\n" + json.writeValueAsString(context)).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TreeMap<String, String> context(JsonNode request) throws AwsJsonError {
        TreeMap<String, String> context = new TreeMap<>();
        JsonNode node = request.get("EncryptionContext");
        if (node == null || node.isNull()) {
            return context;
        }
        if (!node.isObject()) {
            throw AwsJsonError.validation("EncryptionContext must be a map of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw AwsJsonError.validation("EncryptionContext must be a map of strings");
            }
            context.put(entry.getKey(), entry.getValue().asText());
        }
        return context;
    }

    /** Key id, key ARN, alias name or alias ARN → the key; NotFoundException otherwise. */
    private Key resolve(String reference) throws AwsJsonError {
        String keyId = reference;
        String arnPrefix = "arn:aws:kms:" + region + ":" + accountId + ":";
        if (reference.startsWith("arn:")) {
            if (!reference.startsWith(arnPrefix)) {
                throw new AwsJsonError("NotFoundException", "Invalid arn " + reference);
            }
            keyId = reference.substring(arnPrefix.length());
            if (keyId.startsWith("key/")) {
                keyId = keyId.substring("key/".length());
            }
        }
        if (keyId.startsWith("alias/")) {
            Alias target = aliases.get(keyId);
            if (target == null) {
                throw new AwsJsonError("NotFoundException", "Alias " + aliasArn(keyId) + " is not found.");
            }
            keyId = target.keyId();
        }
        Key key = keys.get(keyId);
        if (key == null) {
            throw new AwsJsonError("NotFoundException", "Key '" + arnPrefix + "key/" + keyId + "' does not exist");
        }
        return key;
    }

    private ObjectNode metadata(Key key) {
        ObjectNode meta = json.createObjectNode()
                .put("AWSAccountId", accountId)
                .put("KeyId", key.id())
                .put("Arn", key.arn())
                .put("CreationDate", key.created().getEpochSecond())
                .put("Enabled", true)
                .put("Description", key.description())
                .put("KeyUsage", "ENCRYPT_DECRYPT")
                .put("KeyState", "Enabled")
                .put("Origin", "AWS_KMS")
                .put("KeyManager", "CUSTOMER")
                .put("CustomerMasterKeySpec", "SYMMETRIC_DEFAULT")
                .put("KeySpec", "SYMMETRIC_DEFAULT")
                .put("MultiRegion", false);
        meta.putArray("EncryptionAlgorithms").add("SYMMETRIC_DEFAULT");
        return meta;
    }

    private String aliasArn(String alias) {
        return "arn:aws:kms:" + region + ":" + accountId + ":" + alias;
    }

    private SecretKey newAesKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, random);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is unavailable", e);
        }
    }

    private static AwsJsonError invalidCiphertext() {
        return new AwsJsonError("InvalidCiphertextException",
                "The ciphertext is invalid, was made under another key, or the encryption context does not match.");
    }

    static String text(JsonNode request, String field) throws AwsJsonError {
        JsonNode node = request.get(field);
        if (node == null || !node.isTextual() || node.asText().isEmpty()) {
            throw AwsJsonError.validation("1 validation error detected: Value at '" + field + "' failed to satisfy constraint: Member must not be null");
        }
        return node.asText();
    }

    static String optionalText(JsonNode request, String field, String fallback) {
        JsonNode node = request.get(field);
        return node == null || node.isNull() ? fallback : node.asText();
    }

    private static byte[] base64(JsonNode request, String field) throws AwsJsonError {
        String value = text(request, field);
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new AwsJsonError("SerializationException", field + " is not valid base64");
        }
    }
}
