package hu.autoinvoice.connect;

import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.ledger.LedgerState;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
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
        return dynamo.queryPaginator(Tables.invoicesInState(invoicesTable, accountId, LedgerState.PARKED.name())
                .select(Select.COUNT).build()).stream().mapToLong(QueryResponse::count).sum();
    }
}
