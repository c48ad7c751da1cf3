package hu.autoinvoice.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One table of {@link FakeDynamoDb}: its key schema and indexes, and its items, by partition (hash key), each
 * partition's items ordered by range key. Writes to one partition are serialised on it (check-and-apply of a
 * conditional write is atomic); reads do not lock (stored items are immutable).
 * <p>
 * Scan order and parallel-scan segments follow dynalite's, which follows DynamoDB's idea: partitions ordered by a hash
 * of the partition key (the first 6 hex digits of MD5("Outliers" + key bytes)), a segment being a range of that hash.
 */
final class DynamoTable {

    /** A key attribute: its name and scalar type (S, N, B). */
    record KeyDef(String name, String type) {}

    /**
     * A global secondary index.
     *
     * @param projection ALL, KEYS_ONLY or INCLUDE
     * @param included   the INCLUDE projection's non-key attributes
     */
    record Index(String name, KeyDef hash, KeyDef range, String projection, Set<String> included, JsonNode description) {}

    /** A value of a key attribute, ordered as DynamoDB orders range keys. */
    static final class KeyPart implements Comparable<KeyPart> {
        static final KeyPart NONE = new KeyPart("", "");

        final String type;
        final String text;
        private final BigDecimal number;

        KeyPart(String type, String text) {
            this.type = type;
            this.text = text;
            this.number = type.equals("N") ? new BigDecimal(text) : null;
        }

        static KeyPart of(JsonNode value) {
            String type = DynamoValues.type(value);
            return new KeyPart(type, DynamoValues.payload(value).asText());
        }

        JsonNode value() {
            return DynamoValues.NODES.objectNode().put(type, text);
        }

        byte[] bytes() {
            return type.equals("B") ? java.util.Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int compareTo(KeyPart o) {
            return switch (type) {
                case "N" -> number.compareTo(o.number);
                case "B" -> java.util.Arrays.compareUnsigned(bytes(), o.bytes());
                default -> DynamoValues.compareCodePoints(text, o.text);
            };
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KeyPart k && type.equals(k.type) && (number != null ? number.compareTo(k.number) == 0 : text.equals(k.text));
        }

        @Override
        public int hashCode() {
            return Objects.hash(type, number != null ? number.stripTrailingZeros() : text);
        }
    }

    /** The items of one hash key. */
    static final class Partition {
        final KeyPart hash;
        final String prefix;
        final ConcurrentSkipListMap<KeyPart, ObjectNode> items = new ConcurrentSkipListMap<>();

        Partition(KeyPart hash) {
            this.hash = hash;
            this.prefix = hashPrefix(hash, null);
        }
    }

    /** Changes one item under its partition's lock: given the current item (or null), the new one (null = delete). */
    @FunctionalInterface
    interface Mutation {
        ObjectNode apply(ObjectNode current) throws AwsJsonError;
    }

    static final Comparator<Partition> SCAN_ORDER = Comparator.<Partition, String>comparing(p -> p.prefix)
            .thenComparing((a, b) -> java.util.Arrays.compareUnsigned(a.hash.bytes(), b.hash.bytes()));

    final String name;
    final KeyDef hash;
    final KeyDef range;
    final List<KeyDef> attributeDefinitions;
    final List<Index> indexes;
    final String billingMode;
    final JsonNode provisionedThroughput;
    final double created;
    final String arn;
    final String id;
    private final ConcurrentHashMap<KeyPart, Partition> partitions = new ConcurrentHashMap<>();

    DynamoTable(String name, KeyDef hash, KeyDef range, List<KeyDef> attributeDefinitions, List<Index> indexes,
            String billingMode, JsonNode provisionedThroughput, String arn) {
        this.name = name;
        this.hash = hash;
        this.range = range;
        this.attributeDefinitions = List.copyOf(attributeDefinitions);
        this.indexes = List.copyOf(indexes);
        this.billingMode = billingMode;
        this.provisionedThroughput = provisionedThroughput;
        this.created = System.currentTimeMillis() / 1000.0;
        this.arn = arn;
        this.id = java.util.UUID.randomUUID().toString();
    }

    Set<String> keyNames() {
        return range == null ? Set.of(hash.name()) : Set.of(hash.name(), range.name());
    }

    Index index(String indexName) {
        for (Index index : indexes) {
            if (index.name().equals(indexName)) {
                return index;
            }
        }
        return null;
    }

    ObjectNode get(KeyPart h, KeyPart r) {
        Partition p = partitions.get(h);
        return p == null ? null : p.items.get(r);
    }

    /** Applies {@code mutation} atomically to the item at (h, r); returns the item as it was before. */
    ObjectNode write(KeyPart h, KeyPart r, Mutation mutation) throws AwsJsonError {
        Partition p = partitions.computeIfAbsent(h, Partition::new);
        synchronized (p) {
            ObjectNode old = p.items.get(r);
            ObjectNode next = mutation.apply(old);
            if (next == null) {
                if (old != null) {
                    p.items.remove(r);
                }
            } else if (next != old) {
                p.items.put(r, next);
            }
            return old;
        }
    }

    Partition partition(KeyPart h) {
        return partitions.get(h);
    }

    /** Non-empty partitions in scan order. */
    List<Partition> partitionsInScanOrder() {
        List<Partition> all = new ArrayList<>();
        for (Partition p : partitions.values()) {
            if (!p.items.isEmpty()) {
                all.add(p);
            }
        }
        all.sort(SCAN_ORDER);
        return all;
    }

    long itemCount() {
        long n = 0;
        for (Partition p : partitions.values()) {
            n += p.items.size();
        }
        return n;
    }

    /** dynalite's (and, in spirit, DynamoDB's) partition hash: 6 hex digits of MD5("Outliers" + hash [+ range]). */
    static String hashPrefix(KeyPart hash, KeyPart range) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update("Outliers".getBytes(StandardCharsets.US_ASCII));
            md5.update(hash.bytes());
            if (range != null && range != KeyPart.NONE) {
                md5.update(range.bytes());
            }
            return HexFormat.of().formatHex(md5.digest()).substring(0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
