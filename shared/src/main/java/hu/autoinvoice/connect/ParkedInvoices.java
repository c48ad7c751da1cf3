package hu.autoinvoice.connect;

import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.ledger.LedgerState;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Counts an account's ledger items in state {@code PARKED} (waiting for the account to work again): a
 * {@code Select COUNT} query on the invoices table's {@value Tables#INVOICES_BY_STATE_INDEX}, all pages. A tiny
 * read-only view of the ledger for the status answer; the ledger itself is owned elsewhere.
 */
public final class ParkedInvoices {

    private final DynamoDbClient dynamo;
    private final String invoicesTable;

    public ParkedInvoices(DynamoDbClient dynamo, String invoicesTable) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.invoicesTable = Objects.requireNonNull(invoicesTable, "invoicesTable");
    }

    public long count(String accountId) {
        long total = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder().tableName(invoicesTable)
                    .indexName(Tables.INVOICES_BY_STATE_INDEX)
                    .keyConditionExpression("#a = :a AND #s = :s")
                    .expressionAttributeNames(Map.of("#a", Tables.ACCOUNT_ID, "#s", Tables.STATE))
                    .expressionAttributeValues(Map.of(":a", AttributeValue.fromS(accountId),
                            ":s", AttributeValue.fromS(LedgerState.PARKED.name())))
                    .select(Select.COUNT);
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse response = dynamo.query(request.build());
            total += response.count();
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return total;
    }
}
