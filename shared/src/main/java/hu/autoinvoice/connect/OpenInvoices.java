package hu.autoinvoice.connect;

import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.ledger.LedgerState;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Counts an account's ledger items that are not finished, by state: a {@code Select COUNT} query per state on the
 * invoices table's {@value Tables#INVOICES_BY_STATE_INDEX}, all pages. A read-only view of the ledger for the status
 * answer, so nothing waits unseen; the ledger itself is owned elsewhere.
 */
public final class OpenInvoices {

    /**
     * @param parked waiting for the account to work again (or, refund first, for the purchase message)
     * @param inProgress being issued, or their create's outcome is still unknown ({@code SENDING})
     * @param refundsPending issued invoices whose refund's storno is due ({@code REFUND_PENDING})
     * @param failed needing a person: their message is in the DLQ with a reason ({@code FAILED})
     */
    public record Counts(long parked, long inProgress, long refundsPending, long failed) {}

    private final DynamoDbClient dynamo;
    private final String invoicesTable;

    public OpenInvoices(DynamoDbClient dynamo, String invoicesTable) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.invoicesTable = Objects.requireNonNull(invoicesTable, "invoicesTable");
    }

    public Counts count(String accountId) {
        return new Counts(count(accountId, LedgerState.PARKED), count(accountId, LedgerState.SENDING),
                count(accountId, LedgerState.REFUND_PENDING), count(accountId, LedgerState.FAILED));
    }

    private long count(String accountId, LedgerState state) {
        return dynamo.queryPaginator(Tables.invoicesInState(invoicesTable, accountId, state.name())
                .select(Select.COUNT).build()).stream().mapToLong(QueryResponse::count).sum();
    }
}
