package hu.autoinvoice.aws;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The one definition of the two DynamoDB tables (docs/DESIGN.md §4), used by the local stand-ins and the tests; the SAM
 * template must declare the same keys and index.
 * <ul>
 *   <li>{@code accounts}: partition key {@value #ACCOUNT_ID} (S).</li>
 *   <li>{@code invoices} ledger: partition key {@value #ACCOUNT_ID} (S), sort key {@value #PURCHASE_ID} (S), and the
 *       GSIs {@value #INVOICES_BY_STATE_INDEX} ({@value #ACCOUNT_ID} + {@value #STATE}, projection ALL) for backfill
 *       and {@value #INVOICES_BY_PAID_DATE_INDEX} ({@value #ACCOUNT_ID} + {@value #PAID_AT}, projection ALL) for the
 *       invoice listing, and the sparse {@value #INVOICES_WITH_PENDING_OUTCOMES_INDEX} ({@value #ACCOUNT_ID} +
 *       {@value #OUTBOX_AT}, projection ALL) of items whose outcome events are not yet published.</li>
 * </ul>
 * Both are PAY_PER_REQUEST. Only single-item conditional writes are used (dynalite has no transactions, no TTL).
 */
public final class Tables {

    /** Default local name of the accounts table. */
    public static final String DEFAULT_ACCOUNTS_TABLE = "autoinvoice-accounts";
    /** Default local name of the invoices ledger. */
    public static final String DEFAULT_INVOICES_TABLE = "autoinvoice-invoices";

    /** Partition key of both tables. */
    public static final String ACCOUNT_ID = "accountId";
    /** Sort key of the invoices ledger. */
    public static final String PURCHASE_ID = "purchaseId";
    /** Ledger state attribute; range key of {@link #INVOICES_BY_STATE_INDEX}. */
    public static final String STATE = "state";
    /** GSI of the ledger: an account's items by state (backfill of PARKED items, pótlás). */
    public static final String INVOICES_BY_STATE_INDEX = "accountId-state-index";
    /** Ledger attribute: when the purchase was paid (ISO-8601 instant); range key of {@link #INVOICES_BY_PAID_DATE_INDEX}. */
    public static final String PAID_AT = "paidAt";
    /** GSI of the ledger: an account's items by paid date (the invoice listing, newest first, paged). */
    public static final String INVOICES_BY_PAID_DATE_INDEX = "accountId-paidAt-index";
    /** Ledger attribute: since when the item has outcomes not yet published (sortable instant); only on such items. */
    public static final String OUTBOX_AT = "outboxAt";
    /**
     * Sparse GSI of the ledger: an account's items with outcomes not yet published ({@link #OUTBOX_AT} is removed once
     * they are), for the probe's sweep after a failed publish.
     */
    public static final String INVOICES_WITH_PENDING_OUTCOMES_INDEX = "accountId-outboxAt-index";

    /** Instants in sortable attributes: UTC, always nine fraction digits, so text order is time order. */
    private static final java.time.format.DateTimeFormatter SORTABLE_INSTANT =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private Tables() {}

    /**
     * {@code instant} as a key attribute: fixed width, so DynamoDB's text order is time order ({@code Instant.toString()}
     * drops zero fractions, and {@code …:11Z} sorts after {@code …:11.5Z}). {@link java.time.Instant#parse} reads it.
     */
    public static String sortable(java.time.Instant instant) {
        return SORTABLE_INSTANT.format(instant);
    }

    /** The accounts table, ready to {@code build()} or adjust (tags, stream, ...). */
    public static CreateTableRequest.Builder accounts(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(stringAttribute(ACCOUNT_ID))
                .keySchema(key(ACCOUNT_ID, KeyType.HASH));
    }

    /** The invoices ledger with its state index, ready to {@code build()} or adjust. */
    public static CreateTableRequest.Builder invoices(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(stringAttribute(ACCOUNT_ID), stringAttribute(PURCHASE_ID), stringAttribute(STATE),
                        stringAttribute(PAID_AT), stringAttribute(OUTBOX_AT))
                .keySchema(key(ACCOUNT_ID, KeyType.HASH), key(PURCHASE_ID, KeyType.RANGE))
                .globalSecondaryIndexes(index(INVOICES_BY_STATE_INDEX, STATE), index(INVOICES_BY_PAID_DATE_INDEX, PAID_AT),
                        index(INVOICES_WITH_PENDING_OUTCOMES_INDEX, OUTBOX_AT));
    }

    /**
     * The query for {@code accountId}'s ledger items in {@code state}, on the state index; page it with the client's
     * {@code queryPaginator}. Backfill, reissue and the parked count all read the ledger this way.
     */
    public static QueryRequest.Builder invoicesInState(String invoicesTable, String accountId, String state) {
        return QueryRequest.builder().tableName(invoicesTable).indexName(INVOICES_BY_STATE_INDEX)
                .keyConditionExpression("#a = :a AND #s = :s")
                .expressionAttributeNames(Map.of("#a", ACCOUNT_ID, "#s", STATE))
                .expressionAttributeValues(Map.of(":a", AttributeValue.fromS(accountId), ":s", AttributeValue.fromS(state)));
    }

    private static GlobalSecondaryIndex index(String name, String rangeKey) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(key(ACCOUNT_ID, KeyType.HASH), key(rangeKey, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build();
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
