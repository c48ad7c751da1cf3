package hu.autoinvoice.probe;

import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.aws.Tables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Keeps the {@link ProbeCursor} in one item of the accounts table under the reserved key {@value #CURSOR_ID}
 * (account ids can't start with {@code #}; {@link AccountStore#scan} skips it). Attributes: {@code segments}, a list
 * of maps {@code {done: BOOL}} or {@code {startKey: M}}, and {@code savedAt}.
 */
public final class ProbeCursorStore {

    /** The cursor item's partition key. */
    public static final String CURSOR_ID = AccountStore.RESERVED_PREFIX + "probe#cursor";

    private static final String SEGMENTS = "segments";
    private static final String DONE = "done";
    private static final String START_KEY = "startKey";
    private static final String SAVED_AT = "savedAt";

    private final DynamoDbClient dynamo;
    private final String table;

    public ProbeCursorStore(DynamoDbClient dynamo, String accountsTable) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(accountsTable, "accountsTable");
    }

    /** The stored cursor, if a previous run stopped before the end. */
    Optional<ProbeCursor> load() {
        var response = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key()));
        if (!response.hasItem() || response.item().isEmpty() || !response.item().containsKey(SEGMENTS)) {
            return Optional.empty();
        }
        List<ProbeCursor.Position> positions = new ArrayList<>();
        for (AttributeValue segment : response.item().get(SEGMENTS).l()) {
            Map<String, AttributeValue> m = segment.m();
            if (m.containsKey(DONE) && Boolean.TRUE.equals(m.get(DONE).bool())) {
                positions.add(ProbeCursor.Position.DONE);
            } else {
                positions.add(ProbeCursor.Position.after(Optional.ofNullable(m.get(START_KEY)).map(AttributeValue::m)));
            }
        }
        return Optional.of(new ProbeCursor(positions));
    }

    void save(ProbeCursor cursor, Instant now) {
        List<AttributeValue> segments = new ArrayList<>();
        for (ProbeCursor.Position p : cursor.segments()) {
            Map<String, AttributeValue> m = new HashMap<>();
            if (p.done()) {
                m.put(DONE, AttributeValue.fromBool(true));
            } else {
                p.startKey().ifPresent(k -> m.put(START_KEY, AttributeValue.fromM(k)));
            }
            segments.add(AttributeValue.fromM(m));
        }
        Map<String, AttributeValue> item = new HashMap<>(key());
        item.put(SEGMENTS, AttributeValue.fromL(segments));
        item.put(SAVED_AT, AttributeValue.fromS(now.toString()));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    /** Removes the cursor: the next run starts from the beginning. Idempotent. */
    public void clear() {
        dynamo.deleteItem(b -> b.tableName(table).key(key()));
    }

    private static Map<String, AttributeValue> key() {
        return Map.of(Tables.ACCOUNT_ID, AttributeValue.fromS(CURSOR_ID));
    }
}
