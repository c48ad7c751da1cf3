package hu.autoinvoice.account;

import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.invoice.DocumentType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The accounts table (docs/DESIGN.md §4): single-item conditional writes only (dynalite has no transactions), every write
 * conditional on the version it read and incrementing it (optimistic locking).
 *
 * <p>Key fingerprints are claimed with items of their own in the same table, partition key
 * {@code #fingerprint#<hex>} (account ids can't start with {@code #}), so "one key, one account" holds under
 * concurrent connects — a GSI would be eventually consistent. A claim whose account no longer uses that key is stale
 * and may be taken over.
 */
public final class AccountStore {

    /**
     * Items whose partition key starts with this are not accounts (account ids can't start with it): fingerprint
     * claims, the probe's resume cursor. {@link #scan} skips them.
     */
    public static final String RESERVED_PREFIX = "#";
    static final String FINGERPRINT_PREFIX = RESERVED_PREFIX + "fingerprint#";

    static final String ENCRYPTED_KEY = "encryptedKey";
    static final String KEY_HINT = "keyHint";
    static final String KEY_FINGERPRINT = "keyFingerprint";
    static final String E_INVOICE = "eInvoice";
    static final String INVOICE_PREFIX = "invoicePrefix";
    static final String DOCUMENT_TYPE = "documentType";
    static final String RECEIPT_PREFIX = "receiptPrefix";
    static final String STATUS = "status";
    static final String STATUS_REASON = "statusReason";
    static final String STATUS_SINCE = "statusSince";
    static final String LAST_PROBE_AT = "lastProbeAt";
    static final String CONNECTED_AT = "connectedAt";
    static final String BACKFILLED_SINCE = "backfilledSince";
    static final String VERSION = "version";
    static final String OWNER = "ownerAccountId";
    static final String CLAIMED_AT = "claimedAt";
    /** A fresh value on every claim write: a release names the exact claim it read (see {@link #claimToken}). */
    static final String CLAIM_TOKEN = "claimToken";

    /** Default time a fresh fingerprint claim is protected from takeover while its connect finishes. */
    public static final Duration DEFAULT_CLAIM_GRACE = Duration.ofMinutes(2);
    private static final int CLAIM_ATTEMPTS = 5;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration claimGrace;

    public AccountStore(DynamoDbClient dynamo, String table) {
        this(dynamo, table, Clock.systemUTC(), DEFAULT_CLAIM_GRACE);
    }

    /** @param claimGrace how long a fresh fingerprint claim cannot be taken over as stale */
    public AccountStore(DynamoDbClient dynamo, String table, Clock clock, Duration claimGrace) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.claimGrace = Objects.requireNonNull(claimGrace, "claimGrace");
        if (claimGrace.isNegative()) {
            throw new IllegalArgumentException("claimGrace must not be negative");
        }
    }

    /** The account, read consistently; empty when not connected. */
    public Optional<Account> find(String accountId) {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(Tables.ACCOUNT_ID, s(accountId))));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(fromItem(response.item())) : Optional.empty();
    }

    /**
     * Writes the whole account (connect, reconnect): conditional on {@code expectedVersion} — empty means the
     * account must not exist yet. The stored version is {@code expectedVersion + 1} (1 for a new account).
     */
    public AccountWrite save(Account account, OptionalLong expectedVersion) {
        long next = expectedVersion.isPresent() ? expectedVersion.getAsLong() + 1 : 1;
        Account stored = account.withVersion(next);
        PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(toItem(stored));
        if (expectedVersion.isPresent()) {
            put.conditionExpression("#v = :expected")
                    .expressionAttributeNames(Map.of("#v", VERSION))
                    .expressionAttributeValues(Map.of(":expected", n(expectedVersion.getAsLong())));
        } else {
            put.conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", Tables.ACCOUNT_ID));
        }
        return write(stored, () -> dynamo.putItem(put.build()));
    }

    /** Changes the status (and {@code statusSince}, {@code statusReason}); conditional on the version read. */
    public AccountWrite changeStatus(Account current, AccountStatus status, String reason, Instant now) {
        Account changed = current.withStatus(status, reason, now);
        return save(changed, OptionalLong.of(current.version()));
    }

    /** Records that the probe looked at the account now (status unchanged); conditional on the version read. */
    public AccountWrite recordProbe(Account current, Instant now) {
        return update(current, "SET #a = :a", Map.of("#a", LAST_PROBE_AT), Map.of(":a", s(now.toString())),
                a -> a.withLastProbeAt(now).withVersion(a.version() + 1));
    }

    /** Marks this healthy period's backfill as done ({@code backfilledSince = statusSince}); conditional on the version. */
    public AccountWrite markBackfilled(Account current) {
        return update(current, "SET #b = :b", Map.of("#b", BACKFILLED_SINCE),
                Map.of(":b", s(current.statusSince().toString())),
                a -> a.withBackfilledSince(a.statusSince()).withVersion(a.version() + 1));
    }

    /** Deletes the account item (key material included); idempotent. Returns the account that was there, if any. */
    public Optional<Account> delete(String accountId) {
        var response = dynamo.deleteItem(b -> b.tableName(table).key(Map.of(Tables.ACCOUNT_ID, s(accountId)))
                .returnValues("ALL_OLD"));
        return response.hasAttributes() && !response.attributes().isEmpty()
                ? Optional.of(fromItem(response.attributes())) : Optional.empty();
    }

    /**
     * Claims {@code fingerprint} for {@code accountId}. Succeeds when nobody holds it, when the account already holds
     * it, or when the claim is stale: its holder does not use that key (any more) and the claim is older than the
     * grace period. The grace period covers the moment between claiming and saving the account during a connect, when
     * the holder's own account does not show the key yet; without it a concurrent connect of another account with the
     * same key would take the fresh claim over and both accounts would end up with one key.
     */
    public FingerprintClaim claimFingerprint(String fingerprint, String accountId) {
        Map<String, AttributeValue> key = Map.of(Tables.ACCOUNT_ID, s(FINGERPRINT_PREFIX + fingerprint));
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> claim = Map.of(Tables.ACCOUNT_ID, key.get(Tables.ACCOUNT_ID),
                    OWNER, s(accountId), CLAIMED_AT, s(clock.instant().toString()),
                    CLAIM_TOKEN, s(java.util.UUID.randomUUID().toString()));
            try {
                dynamo.putItem(b -> b.tableName(table).item(claim)
                        .conditionExpression("attribute_not_exists(#id) OR #o = :me")
                        .expressionAttributeNames(Map.of("#id", Tables.ACCOUNT_ID, "#o", OWNER))
                        .expressionAttributeValues(Map.of(":me", s(accountId))));
                return new FingerprintClaim.Claimed();
            } catch (ConditionalCheckFailedException held) {
                var current = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key));
                if (!current.hasItem() || current.item().isEmpty()) {
                    continue; // released meanwhile: try again
                }
                String owner = current.item().get(OWNER).s();
                if (!isStale(fingerprint, owner, optional(current.item(), CLAIMED_AT).map(Instant::parse))) {
                    return new FingerprintClaim.HeldBy(owner);
                }
                try {
                    dynamo.putItem(b -> b.tableName(table).item(claim)
                            .conditionExpression("#o = :stale")
                            .expressionAttributeNames(Map.of("#o", OWNER))
                            .expressionAttributeValues(Map.of(":stale", s(owner))));
                    return new FingerprintClaim.Claimed();
                } catch (ConditionalCheckFailedException raced) {
                    // someone else took it over (or released it) first: look again
                }
            }
        }
        return new FingerprintClaim.Contended();
    }

    private boolean isStale(String fingerprint, String owner, Optional<Instant> claimedAt) {
        boolean ownerUsesIt = find(owner).map(a -> a.keyFingerprint().equals(fingerprint)).orElse(false);
        boolean young = claimedAt.map(t -> t.plus(claimGrace).isAfter(clock.instant())).orElse(false);
        return !ownerUsesIt && !young;
    }

    /** When the account's last re-issue ran (sortable instant); not part of {@link Account}, no version bump. */
    static final String LAST_REISSUE_AT = "lastReissueAt";

    /**
     * Records a re-issue of {@code accountId} now, unless one ran within {@code cooldown}: empty when recorded, else
     * when the next may run. One conditional write; an account that is not connected records nothing (empty).
     */
    public Optional<Instant> startReissue(String accountId, Instant now, Duration cooldown) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of(Tables.ACCOUNT_ID, s(accountId)))
                    .updateExpression("SET #lr = :now")
                    .conditionExpression("attribute_exists(#id) AND (attribute_not_exists(#lr) OR #lr <= :cutoff)")
                    .expressionAttributeNames(Map.of("#lr", LAST_REISSUE_AT, "#id", Tables.ACCOUNT_ID))
                    .expressionAttributeValues(Map.of(":now", s(Tables.sortable(now)),
                            ":cutoff", s(Tables.sortable(now.minus(cooldown))))));
            return Optional.empty();
        } catch (ConditionalCheckFailedException tooSoonOrGone) {
            var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of(Tables.ACCOUNT_ID, s(accountId))));
            return item.hasItem() ? optional(item.item(), LAST_REISSUE_AT).map(Instant::parse).map(t -> t.plus(cooldown))
                    : Optional.empty();
        }
    }

    /** The token of {@code accountId}'s claim of {@code fingerprint} as it is now; empty when it holds none. */
    public Optional<String> claimToken(String fingerprint, String accountId) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(Tables.ACCOUNT_ID, s(FINGERPRINT_PREFIX + fingerprint))));
        if (!item.hasItem() || item.item().isEmpty() || !accountId.equals(item.item().get(OWNER).s())) {
            return Optional.empty();
        }
        return optional(item.item(), CLAIM_TOKEN).or(() -> Optional.of(""));
    }

    /**
     * Releases exactly the claim read as {@code token} (a claim written since — a reconnect racing a disconnect — is
     * kept); a claim written before tokens existed is named by the empty token. Idempotent.
     */
    public void releaseFingerprintClaim(String fingerprint, String accountId, String token) {
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(Map.of(Tables.ACCOUNT_ID, s(FINGERPRINT_PREFIX + fingerprint)))
                    .conditionExpression(token.isEmpty() ? "#o = :me AND attribute_not_exists(#t)" : "#o = :me AND #t = :t")
                    .expressionAttributeNames(Map.of("#o", OWNER, "#t", CLAIM_TOKEN))
                    .expressionAttributeValues(token.isEmpty() ? Map.of(":me", s(accountId))
                            : Map.of(":me", s(accountId), ":t", s(token))));
        } catch (ConditionalCheckFailedException notThatClaim) {
            // claimed again since (kept), held by another account, or already gone
        }
    }

    /** Releases {@code fingerprint} if {@code accountId} holds it; idempotent. */
    public void releaseFingerprint(String fingerprint, String accountId) {
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(Map.of(Tables.ACCOUNT_ID, s(FINGERPRINT_PREFIX + fingerprint)))
                    .conditionExpression("#o = :me")
                    .expressionAttributeNames(Map.of("#o", OWNER))
                    .expressionAttributeValues(Map.of(":me", s(accountId))));
        } catch (ConditionalCheckFailedException notOurs) {
            // held by another account, or already gone
        }
    }

    /**
     * One page of a parallel scan over the connected accounts (reserved items — fingerprint claims, the probe
     * cursor — are skipped).
     *
     * @param startKey where the previous page of this segment stopped; empty for the first page
     */
    public AccountPage scan(int segment, int totalSegments, Optional<Map<String, AttributeValue>> startKey, int limit) {
        ScanRequest.Builder request = ScanRequest.builder().tableName(table).segment(segment)
                .totalSegments(totalSegments).limit(limit).consistentRead(true);
        startKey.ifPresent(request::exclusiveStartKey);
        ScanResponse response = dynamo.scan(request.build());
        var accounts = response.items().stream()
                .filter(item -> !item.get(Tables.ACCOUNT_ID).s().startsWith(RESERVED_PREFIX))
                .map(AccountStore::fromItem).toList();
        Optional<Map<String, AttributeValue>> next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? Optional.of(Map.copyOf(response.lastEvaluatedKey())) : Optional.empty();
        return new AccountPage(accounts, next);
    }

    /** A page of accounts and where the next one starts (empty at the end of the segment). */
    public record AccountPage(java.util.List<Account> accounts, Optional<Map<String, AttributeValue>> next) {}

    /** Which account holds {@code fingerprint}, if any. */
    public Optional<String> fingerprintHolder(String fingerprint) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(Tables.ACCOUNT_ID, s(FINGERPRINT_PREFIX + fingerprint))));
        return item.hasItem() && !item.item().isEmpty() ? Optional.of(item.item().get(OWNER).s()) : Optional.empty();
    }

    private AccountWrite update(Account current, String expression, Map<String, String> names,
            Map<String, AttributeValue> values, java.util.function.UnaryOperator<Account> after) {
        Map<String, String> allNames = new HashMap<>(names);
        allNames.put("#v", VERSION);
        Map<String, AttributeValue> allValues = new HashMap<>(values);
        allValues.put(":expected", n(current.version()));
        allValues.put(":one", n(1));
        Account updated = after.apply(current);
        return write(updated, () -> dynamo.updateItem(b -> b.tableName(table)
                .key(Map.of(Tables.ACCOUNT_ID, s(current.accountId())))
                .updateExpression(expression + " ADD #v :one")
                .conditionExpression("#v = :expected")
                .expressionAttributeNames(allNames)
                .expressionAttributeValues(allValues)));
    }

    private static AccountWrite write(Account result, Runnable call) {
        try {
            call.run();
            return new AccountWrite.Written(result);
        } catch (ConditionalCheckFailedException e) {
            return new AccountWrite.Conflict(result.accountId());
        }
    }

    static Map<String, AttributeValue> toItem(Account a) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Tables.ACCOUNT_ID, s(a.accountId()));
        item.put(ENCRYPTED_KEY, AttributeValue.fromB(SdkBytes.fromByteArray(a.encryptedKey().bytes())));
        item.put(KEY_HINT, s(a.keyHint()));
        item.put(KEY_FINGERPRINT, s(a.keyFingerprint()));
        item.put(E_INVOICE, AttributeValue.fromBool(a.eInvoice()));
        a.invoicePrefix().ifPresent(p -> item.put(INVOICE_PREFIX, s(p)));
        item.put(DOCUMENT_TYPE, s(a.documentType().apiValue()));
        a.receiptPrefix().ifPresent(p -> item.put(RECEIPT_PREFIX, s(p)));
        item.put(STATUS, s(a.status().name()));
        item.put(STATUS_REASON, s(a.statusReason()));
        item.put(STATUS_SINCE, s(a.statusSince().toString()));
        a.lastProbeAt().ifPresent(t -> item.put(LAST_PROBE_AT, s(t.toString())));
        item.put(CONNECTED_AT, s(a.connectedAt().toString()));
        a.backfilledSince().ifPresent(t -> item.put(BACKFILLED_SINCE, s(t.toString())));
        item.put(VERSION, n(a.version()));
        return item;
    }

    static Account fromItem(Map<String, AttributeValue> item) {
        return new Account(
                item.get(Tables.ACCOUNT_ID).s(),
                EncryptedAgentKey.of(item.get(ENCRYPTED_KEY).b().asByteArray()),
                item.get(KEY_HINT).s(),
                item.get(KEY_FINGERPRINT).s(),
                Boolean.TRUE.equals(item.get(E_INVOICE).bool()),
                optional(item, INVOICE_PREFIX),
                // absent on items written before receipts: those accounts issue invoices
                optional(item, DOCUMENT_TYPE).flatMap(DocumentType::ofApiValue).orElse(DocumentType.INVOICE),
                optional(item, RECEIPT_PREFIX),
                AccountStatus.valueOf(item.get(STATUS).s()),
                item.get(STATUS_REASON).s(),
                Instant.parse(item.get(STATUS_SINCE).s()),
                optional(item, LAST_PROBE_AT).map(Instant::parse),
                Instant.parse(item.get(CONNECTED_AT).s()),
                optional(item, BACKFILLED_SINCE).map(Instant::parse),
                Long.parseLong(item.get(VERSION).n()));
    }

    private static Optional<String> optional(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? Optional.empty() : Optional.of(v.s());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

}
