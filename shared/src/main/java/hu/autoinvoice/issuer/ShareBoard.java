package hu.autoinvoice.issuer;

import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.aws.Tables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The share board: one item of the accounts table ({@value #BOARD_KEY}, a reserved key — account ids cannot start
 * with {@code #}, and the probe's scan skips it) listing every <b>hold</b> of every issuer invocation: which account,
 * how many records, until when. An invocation takes its holds for all accounts of its batch in one conditional write
 * (compare-and-set on the board's {@code version}), decided by {@link FairShare} from the live holds it read, and
 * lets them go in one write when the batch is done. A hold that is never let go (a crashed or frozen container)
 * counts only until its expiry — the end of its invocation — so no crash can take an account's share for longer.
 *
 * <p>Never in the way of an invoice: when the board cannot be read or written (throttling, contention after
 * {@value #ATTEMPTS} attempts) the batch runs as without sharing (every record, the per-account concurrency within the
 * batch), and a failed release only leaves holds to expire.
 */
public final class ShareBoard {

    /** The board's partition key in the accounts table. */
    public static final String BOARD_KEY = AccountStore.RESERVED_PREFIX + "share-board";
    static final String HOLDS = "holds";
    static final String VERSION = "version";
    static final int ATTEMPTS = 8;

    private static final Logger LOG = LoggerFactory.getLogger(ShareBoard.class);

    /** The holds of one batch on the board, and what they granted. */
    public record Holds(Map<String, Integer> granted, List<String> holdIds) {
        public Holds {
            granted = Map.copyOf(granted);
            holdIds = List.copyOf(holdIds);
        }

        /** How many records of {@code account} this batch may run (0 when it asked for none). */
        public int granted(String account) {
            return granted.getOrDefault(account, 0);
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final FairShare rule;
    private final Clock clock;

    public ShareBoard(DynamoDbClient dynamo, String accountsTable, FairShare rule, Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(accountsTable, "accountsTable");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public FairShare rule() {
        return rule;
    }

    /**
     * Takes holds for this batch: per account of {@code wanted} what {@link FairShare#grant} allows, each hold living
     * for {@code holdFor} at most.
     */
    public Holds acquire(Map<String, Integer> wanted, Duration holdFor) {
        if (wanted.isEmpty()) {
            return new Holds(Map.of(), List.of());
        }
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                Board board = read();
                Instant now = clock.instant();
                Map<String, Integer> inFlight = board.inFlight(now);
                Map<String, Integer> granted = rule.grant(wanted, inFlight);
                Map<String, AttributeValue> holds = new HashMap<>(board.live(now));
                List<String> ids = new java.util.ArrayList<>();
                long until = now.plus(holdFor).toEpochMilli();
                String batch = UUID.randomUUID().toString().substring(0, 13);
                granted.forEach((account, n) -> {
                    if (n > 0) {
                        String id = batch + "-" + ids.size();
                        ids.add(id);
                        holds.put(id, hold(account, n, until));
                    }
                });
                if (ids.isEmpty() && holds.size() == board.holds().size()) {
                    return new Holds(granted, ids); // nothing to take, nothing expired to clear
                }
                write(board.version(), holds);
                return new Holds(granted, ids);
            } catch (ConditionalCheckFailedException raced) {
                sleepBriefly(attempt);
            } catch (SdkException e) {
                LOG.warn("Share board unavailable, the batch runs without sharing: {}", e.toString());
                return unshared(wanted);
            }
        }
        LOG.warn("Share board contended {} times, the batch runs without sharing", ATTEMPTS);
        return unshared(wanted);
    }

    /** Lets this batch's holds go (idempotent); a failure only leaves them to expire. */
    public void release(Holds holds) {
        if (holds.holdIds().isEmpty()) {
            return;
        }
        Map<String, String> names = new HashMap<>();
        names.put("#h", HOLDS);
        names.put("#v", VERSION);
        StringBuilder remove = new StringBuilder();
        for (int i = 0; i < holds.holdIds().size(); i++) {
            names.put("#k" + i, holds.holdIds().get(i));
            remove.append(i == 0 ? "" : ", ").append("#h.#k").append(i);
        }
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key())
                    .updateExpression("REMOVE " + remove + " SET #v = #v + :one")
                    .conditionExpression("attribute_exists(#h)")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
        } catch (ConditionalCheckFailedException gone) {
            // no board: nothing to let go
        } catch (SdkException e) {
            LOG.warn("Share board holds not released, they expire on their own: {}", e.toString());
        }
    }

    /** What each account holds now (live holds only); for tests and ops. */
    public Map<String, Integer> inFlight() {
        return read().inFlight(clock.instant());
    }

    private Holds unshared(Map<String, Integer> wanted) {
        Map<String, Integer> all = new LinkedHashMap<>();
        wanted.forEach((account, n) -> all.put(account, n));
        return new Holds(all, List.of());
    }

    private record Board(long version, Map<String, AttributeValue> holds) {
        Map<String, AttributeValue> live(Instant now) {
            Map<String, AttributeValue> live = new HashMap<>();
            holds.forEach((id, h) -> {
                if (until(h) > now.toEpochMilli()) {
                    live.put(id, h);
                }
            });
            return live;
        }

        Map<String, Integer> inFlight(Instant now) {
            Map<String, Integer> counts = new HashMap<>();
            live(now).values().forEach(h -> counts.merge(h.m().get("a").s(), Integer.parseInt(h.m().get("n").n()), Integer::sum));
            return counts;
        }

        private static long until(AttributeValue h) {
            AttributeValue u = h.hasM() ? h.m().get("u") : null;
            return u == null || u.n() == null ? 0 : Long.parseLong(u.n());
        }
    }

    private Board read() {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key())).item();
        if (item == null || item.isEmpty()) {
            return new Board(0, Map.of());
        }
        long version = item.containsKey(VERSION) ? Long.parseLong(item.get(VERSION).n()) : 0;
        Map<String, AttributeValue> holds = item.containsKey(HOLDS) && item.get(HOLDS).hasM() ? item.get(HOLDS).m() : Map.of();
        return new Board(version, holds);
    }

    private void write(long version, Map<String, AttributeValue> holds) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":holds", AttributeValue.fromM(holds));
        values.put(":next", AttributeValue.fromN(Long.toString(version + 1)));
        String condition;
        if (version == 0) {
            condition = "attribute_not_exists(#v)";
        } else {
            condition = "#v = :seen";
            values.put(":seen", AttributeValue.fromN(Long.toString(version)));
        }
        dynamo.updateItem(b -> b.tableName(table).key(key())
                .updateExpression("SET #h = :holds, #v = :next")
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#h", HOLDS, "#v", VERSION))
                .expressionAttributeValues(values));
    }

    private static AttributeValue hold(String account, int n, long until) {
        return AttributeValue.fromM(Map.of("a", AttributeValue.fromS(account), "n", AttributeValue.fromN(Integer.toString(n)),
                "u", AttributeValue.fromN(Long.toString(until))));
    }

    private static Map<String, AttributeValue> key() {
        return Map.of(Tables.ACCOUNT_ID, AttributeValue.fromS(BOARD_KEY));
    }

    private static void sleepBriefly(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(2, 15L * attempt + 3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
