package hu.autoinvoice.connect;

import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.observability.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Per-account request budgets of the connect API, shared by every container: a fixed-window counter
 * ({@link FixedWindow}) per account and {@link RateClass} in the accounts table, item {@code #throttle#<class>#<accountId>}
 * (reserved prefix: the probe's scan skips it), with the window's index, the requests counted in it, and a TTL
 * attribute {@value #EXPIRES_AT} (a day after the window; idle counters go). HTTP APIs have no usage plans and WAF
 * cannot be attached to them, and the stage throttle is one budget for everybody; this is what tells tenants apart.
 *
 * <p>Each request is one conditional {@code UpdateItem}, never a read: "count me in this window while below the
 * limit" ({@code ADD}, condition {@code window >= :w AND requests < :limit}) or "open this window with me"
 * ({@code SET}, condition {@code window < :w}, or no counter yet). Which is tried first is what this container saw
 * last: an account calling now and then opens a new window on every call (one write), a busy one counts in the open
 * one (one write); the other order costs a second write, a lost race a third. A request refused is answered 429
 * with the seconds to the next window, and the container remembers it: until then that account's requests of that
 * class are refused here without a write. DynamoDB failing lets the request through (logged): the throttle guards
 * capacity, the stage throttle still stands, and refusing every call while DynamoDB hiccups helps nobody.
 */
public final class TenantThrottle {

    /** The counter item's TTL attribute (epoch seconds); the template enables TTL on it (TemplateIT). */
    public static final String EXPIRES_AT = "expiresAt";
    static final String KEY_PREFIX = AccountStore.RESERVED_PREFIX + "throttle#";
    static final String WINDOW = "window";
    static final String REQUESTS = "requests";

    /** Most (account, class) pairs a container remembers; beyond it the memory starts again (it only saves writes). */
    static final int REMEMBERED = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(TenantThrottle.class);

    private final DynamoDbClient dynamo;
    private final String table;
    private final TenantThrottleSettings settings;
    private final Clock clock;
    private final Metrics metrics;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    public TenantThrottle(DynamoDbClient dynamo, String accountsTable, TenantThrottleSettings settings, Clock clock) {
        this(dynamo, accountsTable, settings, clock, Metrics.discarding("connect-api"));
    }

    /** As above; every refusal counts {@link Metrics#REQUESTS_THROTTLED} with its {@code rateClass}. */
    public TenantThrottle(DynamoDbClient dynamo, String accountsTable, TenantThrottleSettings settings, Clock clock,
            Metrics metrics) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(accountsTable, "accountsTable");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** Whether a request may go on. */
    public sealed interface Admission permits Admitted, Throttled {}

    /** Counted in the account's budget (or the counter could not be reached). */
    public record Admitted() implements Admission {}

    /** The account spent this window's budget of the class: answer 429 with {@code retryAfterSeconds}. */
    public record Throttled(long retryAfterSeconds) implements Admission {
        public Throttled {
            if (retryAfterSeconds < 1) {
                throw new IllegalArgumentException("retryAfterSeconds must be at least 1");
            }
        }
    }

    private Throttled throttled(RateClass rateClass, FixedWindow window, Instant now) {
        metrics.count(Metrics.REQUESTS_THROTTLED, 1, Map.of("rateClass", rateClass.name()));
        return new Throttled(window.retryAfterSeconds(now));
    }

    /** Counts one request of {@code accountId} (a valid id, its caller authorised) against {@code rateClass}'s budget. */
    public Admission admit(String accountId, RateClass rateClass) {
        Instant now = clock.instant();
        FixedWindow window = FixedWindow.of(now, settings.window());
        String key = KEY_PREFIX + rateClass.name() + "#" + accountId;
        Seen last = seen.get(key);
        if (last != null && last.throttled() && last.window() == window.index()) {
            return throttled(rateClass, window, now);
        }
        int limit = settings.limit(rateClass);
        try {
            boolean counted = last != null && last.window() == window.index()
                    ? count(key, window, limit) || open(key, window) || count(key, window, limit)
                    : open(key, window) || count(key, window, limit);
            remember(key, new Seen(window.index(), !counted));
            if (counted) {
                return new Admitted();
            }
            LOG.info("Account {} throttled: more than {} {} requests in {}", accountId, limit, rateClass, settings.window());
            return throttled(rateClass, window, now);
        } catch (SdkException e) {
            LOG.warn("Throttle counter of account {} not reached ({}); the request goes on", accountId,
                    e.getClass().getSimpleName());
            return new Admitted();
        }
    }

    /** Counts the request in the open window (this one, or a newer one a container with a later clock opened). */
    private boolean count(String key, FixedWindow window, int limit) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of(Tables.ACCOUNT_ID, AttributeValue.fromS(key)))
                    .updateExpression("ADD #n :one")
                    .conditionExpression("#w >= :w AND #n < :limit")
                    .expressionAttributeNames(Map.of("#w", WINDOW, "#n", REQUESTS))
                    .expressionAttributeValues(Map.of(":w", n(window.index()), ":one", n(1), ":limit", n(limit))));
            return true;
        } catch (ConditionalCheckFailedException fullOrNotOpen) {
            return false;
        }
    }

    /** Opens {@code window} with this request as its first (no counter yet, or one of an older window). */
    private boolean open(String key, FixedWindow window) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of(Tables.ACCOUNT_ID, AttributeValue.fromS(key)))
                    .updateExpression("SET #w = :w, #n = :one, #exp = :exp")
                    .conditionExpression("attribute_not_exists(#w) OR #w < :w")
                    .expressionAttributeNames(Map.of("#w", WINDOW, "#n", REQUESTS, "#exp", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":w", n(window.index()), ":one", n(1),
                            ":exp", n(window.expiresAtEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException alreadyOpen) {
            return false;
        }
    }

    private void remember(String key, Seen last) {
        if (seen.size() >= REMEMBERED) {
            seen.clear();
        }
        seen.put(key, last);
    }

    /** What this container last saw of a counter: its window, and whether that window's budget was spent. */
    private record Seen(long window, boolean throttled) {}

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** The window length, for the docs' and tests' arithmetic. */
    public Duration window() {
        return settings.window();
    }
}
