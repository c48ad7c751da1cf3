package hu.autoinvoice.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import hu.autoinvoice.local.aws.ResourceProvisioner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The share board against the DynamoDB stand-in, as two issuer containers see it: two {@link ShareBoard} instances on
 * one accounts table (a private one per test, so no other test's holds count).
 */
@ExtendWith(LocalAwsExtension.class)
class ShareBoardTest {

    private static final Duration HOLD = Duration.ofSeconds(30);

    private final AwsClients aws;
    private final String table;
    private Instant now = Instant.parse("2026-12-04T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };
    /** Share 5, at most 4 of one account per invocation. */
    private final FairShare rule = new FairShare(5, 4, 10);
    private final ShareBoard first;
    private final ShareBoard second;

    ShareBoardTest(AwsClients aws) {
        this.aws = aws;
        this.table = "share-accounts-" + UUID.randomUUID().toString().substring(0, 8);
        ResourceProvisioner.createTable(aws.dynamoDb(), Tables.accounts(table).build());
        this.first = new ShareBoard(aws.dynamoDb(), table, rule, clock);
        this.second = new ShareBoard(aws.dynamoDb(), table, rule, clock);
    }

    @Test
    void theShareHoldsAcrossTwoIssuerInstances() {
        assertThat(first.acquire(Map.of("small", 1), HOLD).granted("small")).isEqualTo(1);
        assertThat(first.acquire(Map.of("big", 10), HOLD).granted("big")).as("one invocation: 4 at most").isEqualTo(4);
        assertThat(second.acquire(Map.of("big", 10), HOLD).granted("big")).as("the other container: what is left of 5").isEqualTo(1);
        assertThat(second.acquire(Map.of("big", 10), HOLD).granted("big")).isZero();
        assertThat(first.acquire(Map.of("small", 3), HOLD).granted("small")).as("another account still gets its own").isEqualTo(3);
        assertThat(second.inFlight()).containsExactlyInAnyOrderEntriesOf(Map.of("big", 5, "small", 4));
    }

    @Test
    void anAccountAloneUsesEverySlot() {
        int granted = 0;
        for (int i = 0; i < 4; i++) {
            granted += (i % 2 == 0 ? first : second).acquire(Map.of("big", 10), HOLD).granted("big");
        }
        assertThat(granted).as("no other account has work: 4 invocations x 4").isEqualTo(16);
    }

    @Test
    void releasedHoldsFreeTheShareAndAReleaseIsIdempotent() {
        first.acquire(Map.of("small", 1), HOLD);
        ShareBoard.Holds big = first.acquire(Map.of("big", 4), HOLD);
        assertThat(second.acquire(Map.of("big", 4), HOLD).granted("big")).isEqualTo(1);

        first.release(big);
        first.release(big);

        assertThat(second.inFlight()).containsEntry("big", 1);
        assertThat(second.acquire(Map.of("big", 9), HOLD).granted("big")).isEqualTo(4);
    }

    @Test
    void aHoldNobodyReleasesCountsOnlyUntilItsInvocationWouldHaveEnded() {
        first.acquire(Map.of("small", 1), Duration.ofMinutes(10));
        first.acquire(Map.of("big", 4), HOLD); // its container crashes: never released
        assertThat(second.acquire(Map.of("big", 4), HOLD).granted("big")).isEqualTo(1);

        now = now.plus(HOLD).plusSeconds(1);

        assertThat(second.inFlight()).containsExactlyInAnyOrderEntriesOf(Map.of("small", 1));
        assertThat(second.acquire(Map.of("big", 9), HOLD).granted("big")).isEqualTo(4);
        assertThat(holdsStored()).as("the expired holds were cleared by that write").isEqualTo(2);
    }

    @Test
    void concurrentInvocationsOfTwoContainersNeverTakeMoreThanTheShare() throws Exception {
        first.acquire(Map.of("small", 1), HOLD);
        List<Callable<Integer>> takes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ShareBoard board = i % 2 == 0 ? first : second;
            takes.add(() -> board.acquire(Map.of("big", 4), HOLD).granted("big"));
        }
        int granted = 0;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Integer> f : threads.invokeAll(takes)) {
                granted += f.get();
            }
        }
        assertThat(granted).isEqualTo(5);
        assertThat(first.inFlight()).containsEntry("big", 5);
    }

    @Test
    void theBoardIsAReservedItemTheProbesScanSkips() {
        first.acquire(Map.of("big", 1), HOLD);
        var accounts = new hu.autoinvoice.account.AccountStore(aws.dynamoDb(), table);
        assertThat(accounts.scan(0, 1, java.util.Optional.empty(), 100).accounts()).isEmpty();
        assertThat(ShareBoard.BOARD_KEY).startsWith(hu.autoinvoice.account.AccountStore.RESERVED_PREFIX);
    }

    private int holdsStored() {
        Map<String, AttributeValue> item = aws.dynamoDb().getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(Tables.ACCOUNT_ID, AttributeValue.fromS(ShareBoard.BOARD_KEY)))).item();
        return item.get("holds").m().size();
    }
}
