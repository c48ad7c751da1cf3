package hu.autoinvoice.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

class TablesTest {

    @Test
    void accountsTableIsKeyedByAccountId() {
        CreateTableRequest request = Tables.accounts("t-accounts").build();

        assertThat(request.tableName()).isEqualTo("t-accounts");
        assertThat(request.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(request.keySchema()).singleElement()
                .satisfies(k -> assertThat(k.attributeName() + "/" + k.keyType()).isEqualTo("accountId/" + KeyType.HASH));
    }

    @Test
    void ledgerHasCompositeKeyAStateIndexAndAPaidDateIndex() {
        CreateTableRequest request = Tables.invoices("t-invoices").build();

        assertThat(request.keySchema()).extracting(k -> k.attributeName() + "/" + k.keyType())
                .containsExactly("accountId/HASH", "purchaseId/RANGE");
        GlobalSecondaryIndex index = request.globalSecondaryIndexes().getFirst();
        assertThat(index.indexName()).isEqualTo("accountId-state-index");
        assertThat(index.keySchema()).extracting(k -> k.attributeName() + "/" + k.keyType())
                .containsExactly("accountId/HASH", "state/RANGE");
        assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.ALL);
        GlobalSecondaryIndex byPaidDate = request.globalSecondaryIndexes().get(1);
        assertThat(byPaidDate.indexName()).isEqualTo("accountId-paidAt-index");
        assertThat(byPaidDate.keySchema()).extracting(k -> k.attributeName() + "/" + k.keyType())
                .containsExactly("accountId/HASH", "paidAt/RANGE");
        assertThat(byPaidDate.projection().projectionType()).isEqualTo(ProjectionType.ALL);
        GlobalSecondaryIndex pending = request.globalSecondaryIndexes().get(2);
        assertThat(pending.indexName()).isEqualTo("accountId-outboxAt-index");
        assertThat(pending.keySchema()).extracting(k -> k.attributeName() + "/" + k.keyType())
                .containsExactly("accountId/HASH", "outboxAt/RANGE");
        assertThat(request.attributeDefinitions()).extracting(a -> a.attributeName())
                .containsExactlyInAnyOrder("accountId", "purchaseId", "state", "paidAt", "outboxAt");
    }

    @Test
    void sortableInstantsHaveOneWidthSoTextOrderIsTimeOrder() {
        java.time.Instant whole = java.time.Instant.parse("2026-11-27T18:05:11Z");
        java.time.Instant half = whole.plusMillis(500);
        assertThat(Tables.sortable(whole)).isEqualTo("2026-11-27T18:05:11.000000000Z");
        assertThat(Tables.sortable(whole)).isLessThan(Tables.sortable(half));
        assertThat(whole.toString()).as("why: the default form sorts the other way").isGreaterThan(half.toString());
        assertThat(java.time.Instant.parse(Tables.sortable(half))).isEqualTo(half);
    }
}
