package hu.autoinvoice.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The listing of an account's ledger items (issue 13's read side) against dynalite: newest paid first, paged with an
 * opaque cursor of the same account only, filtered by state and paid date, on the paid-date index — never a scan.
 */
@ExtendWith(LocalAwsExtension.class)
class LedgerListingTest {

    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(90);

    private final InvoiceLedger ledger;
    private final AtomicInteger queries = new AtomicInteger();
    private final AtomicInteger scans = new AtomicInteger();
    private final String acc = "list-" + UUID.randomUUID().toString().substring(0, 8);

    LedgerListingTest(AwsClients clients, AppConfig config) {
        // the ledger over a client that counts its reads: a listing is Queries on the index, never a Scan
        ExecutionInterceptor counting = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                SdkRequest request = context.request();
                if (request instanceof QueryRequest q && Tables.INVOICES_BY_PAID_DATE_INDEX.equals(q.indexName())) {
                    queries.incrementAndGet();
                } else if (request instanceof ScanRequest) {
                    scans.incrementAndGet();
                }
            }
        };
        DynamoDbClient counted = DynamoDbClient.builder()
                .endpointOverride(clients.dynamoDb().serviceClientConfiguration().endpointOverride().orElseThrow())
                .region(clients.dynamoDb().serviceClientConfiguration().region())
                .credentialsProvider(clients.dynamoDb().serviceClientConfiguration().credentialsProvider())
                .overrideConfiguration(o -> o.addExecutionInterceptor(counting)).build();
        this.ledger = new InvoiceLedger(counted, config.invoicesTable());
    }

    /** Purchase {@code i} paid {@code i} minutes (and some sub-second part) after T0; every third one issued. */
    private List<String> purchases(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String pid = "P-" + i;
            // sub-second parts of different lengths: the index must still sort by time, not by text
            Instant paid = T0.plusSeconds(60L * i).plusNanos(i % 2 == 0 ? 0 : 500_000_000L);
            var claimed = (Claim.Claimed) ledger.claim(new PurchaseClaim(acc, pid, "ai:" + acc + ":" + pid, "{}", paid,
                    stored -> true), T0, LEASE, LEASE, Optional.empty());
            if (i % 3 == 0) {
                ledger.issue(claimed.item(), "E-" + i, false, "fp", T0.plusSeconds(5));
            } else {
                ledger.park(claimed.item(), new Cause(Reason.ACCOUNT_BLOCKED, "136"), T0);
            }
            ids.add(pid);
        }
        return ids;
    }

    @Test
    void pagesGoNewestPaidFirstWithOneQueryEachAndACursorUntilTheLast() {
        List<String> ids = purchases(23);
        List<String> seen = new ArrayList<>();
        Optional<LedgerCursor> after = Optional.empty();
        int pages = 0;
        do {
            queries.set(0);
            LedgerPage page = ledger.list(acc, new LedgerQuery(Set.of(), Optional.empty(), Optional.empty(), 10, after));
            assertThat(queries.get()).as("one Query per page without a state filter").isEqualTo(1);
            page.items().forEach(e -> seen.add(e.purchaseId()));
            // the cursor is opaque text that reads back as the same position, for this account only
            after = page.next().map(c -> LedgerCursor.read(c.token(), acc).orElseThrow());
            pages++;
        } while (after.isPresent() && pages < 10);
        assertThat(seen).isEqualTo(ids.reversed());
        assertThat(pages).isEqualTo(3);
        assertThat(scans.get()).isZero();
    }

    @Test
    void aPageThatEndsTheListingHasNoCursorEvenWhenItIsFull() {
        purchases(4);
        LedgerPage first = ledger.list(acc, new LedgerQuery(Set.of(), Optional.empty(), Optional.empty(), 2, Optional.empty()));
        assertThat(first.next()).isPresent();
        LedgerPage last = ledger.list(acc, new LedgerQuery(Set.of(), Optional.empty(), Optional.empty(), 2, first.next()));
        assertThat(last.items()).extracting(LedgerEntry::purchaseId).containsExactly("P-1", "P-0");
        assertThat(last.next()).as("no cursor to an empty page").isEmpty();
    }

    @Test
    void itemsCarryTheirPaidAndIssuedTimes() {
        purchases(3);
        LedgerPage page = ledger.list(acc, LedgerQuery.all());
        LedgerEntry newest = page.items().getFirst();
        assertThat(newest.purchaseId()).isEqualTo("P-2");
        assertThat(newest.paidAt()).contains(T0.plusSeconds(120));
        assertThat(newest.issuedAt()).isEmpty();
        LedgerEntry issued = page.items().getLast();
        assertThat(issued.state()).isEqualTo(LedgerState.ISSUED);
        assertThat(issued.issuedAt()).contains(T0.plusSeconds(5));
        assertThat(page.next()).isEmpty();
    }

    @Test
    void statesAndPaidDatesFilterAndAShortFilteredPageStillEndsRight() {
        purchases(30);
        LedgerPage issued = ledger.list(acc, new LedgerQuery(Set.of(LedgerState.ISSUED), Optional.empty(),
                Optional.empty(), 100, Optional.empty()));
        assertThat(issued.items()).extracting(LedgerEntry::purchaseId)
                .containsExactly("P-27", "P-24", "P-21", "P-18", "P-15", "P-12", "P-9", "P-6", "P-3", "P-0");
        assertThat(issued.next()).isEmpty();

        LedgerPage firstTwo = ledger.list(acc, new LedgerQuery(Set.of(LedgerState.ISSUED), Optional.empty(),
                Optional.empty(), 2, Optional.empty()));
        assertThat(firstTwo.items()).extracting(LedgerEntry::purchaseId).containsExactly("P-27", "P-24");
        LedgerPage nextTwo = ledger.list(acc, new LedgerQuery(Set.of(LedgerState.ISSUED), Optional.empty(),
                Optional.empty(), 2, firstTwo.next()));
        assertThat(nextTwo.items()).extracting(LedgerEntry::purchaseId).containsExactly("P-21", "P-18");

        // paid between minute 10 and minute 12 (inclusive), parked only
        LedgerPage window = ledger.list(acc, new LedgerQuery(Set.of(LedgerState.PARKED),
                Optional.of(T0.plusSeconds(600)), Optional.of(T0.plusSeconds(720)), 50, Optional.empty()));
        assertThat(window.items()).extracting(LedgerEntry::purchaseId).containsExactly("P-11", "P-10");
        LedgerPage since = ledger.list(acc, new LedgerQuery(Set.of(), Optional.of(T0.plusSeconds(60L * 28)),
                Optional.empty(), 50, Optional.empty()));
        assertThat(since.items()).extracting(LedgerEntry::purchaseId).containsExactly("P-29", "P-28");
        assertThat(scans.get()).isZero();
    }

    @Test
    void aRefundFirstItemIsListedAtItsRefundTimeUntilItsPurchaseIsClaimed() {
        ledger.recordRefund(acc, "R-1", "ai:" + acc + ":R-1", "{refund}", T0.plusSeconds(3600), T0.plusSeconds(3600));
        assertThat(ledger.list(acc, LedgerQuery.all()).items()).singleElement()
                .satisfies(e -> assertThat(e.paidAt()).contains(T0.plusSeconds(3600)));
        ledger.claim(new PurchaseClaim(acc, "R-1", "ai:" + acc + ":R-1", "{}", T0.plusSeconds(60), stored -> true),
                T0, LEASE, LEASE, Optional.empty());
        assertThat(ledger.list(acc, LedgerQuery.all()).items()).singleElement()
                .satisfies(e -> assertThat(e.paidAt()).as("the purchase's own paid time").contains(T0.plusSeconds(60)));
    }

    @Test
    void aCursorIsRefusedWhenItIsNotOursOrBelongsToAnotherAccount() {
        LedgerCursor cursor = new LedgerCursor(acc, "P-1", Tables.sortable(T0));
        assertThat(LedgerCursor.read(cursor.token(), acc)).contains(cursor);
        assertThat(LedgerCursor.read(cursor.token(), "someone-else")).isEmpty();
        for (String bad : new String[] {"", "not base64 !", "e30", "eyJ2IjoyfQ", cursor.token() + "x"}) {
            assertThat(LedgerCursor.read(bad, acc)).as(bad).isEmpty();
        }
        assertThatThrownBy(() -> new LedgerQuery(Set.of(), Optional.empty(), Optional.empty(), 0, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LedgerQuery(Set.of(), Optional.empty(), Optional.empty(), 101, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
