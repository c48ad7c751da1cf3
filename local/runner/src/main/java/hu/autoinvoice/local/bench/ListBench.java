package hu.autoinvoice.local.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.connect.ConnectApiHandler;
import hu.autoinvoice.connect.ConnectApiWiring;
import hu.autoinvoice.connect.TenantThrottleSettings;
import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.local.aws.ResourceProvisioner;
import hu.autoinvoice.local.runner.IssuerFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Benchmark 6, the invoice listing (issue 13): one account with {@code items} ledger items (every third issued, the
 * rest parked, each with its purchase message), then {@code calls} first pages of {@code limit} through the real
 * connect handler ({@code GET /accounts/{id}/invoices}). Prints the p50 and p95 of a call and the DynamoDB Queries per
 * call (target: one Query, no Scan, whatever the account's size).
 */
public final class ListBench {

    static final Set<String> OPTIONS = Set.of("items", "calls", "limit");

    private ListBench() {}

    public static BenchResult run(BenchStand stand, BenchArgs args) throws Exception {
        args.requireOnly("list", OPTIONS);
        int items = args.intValue("items", 100_000);
        int calls = args.intValue("calls", 100);
        int limit = args.intValue("limit", 50);
        String run = UUID.randomUUID().toString().substring(0, 6);
        String table = "bench-invoices-" + run;
        ResourceProvisioner.createTable(stand.clients().dynamoDb(), Tables.invoices(table).build());
        AppConfig base = stand.freshQueues(Duration.ofSeconds(60));
        AppConfig config = new AppConfig(base.accountsTable(), table, base.invoiceQueueUrl(), base.invoiceDlqUrl(),
                base.agentKeyKmsKeyId(), base.fingerprintPepperSecretId(), base.outcomeEventBus(),
                base.szamlaAgentUrl());
        String account = "bench-list-" + run;
        long filled = fill(stand, table, account, items);

        // one account calling as fast as it can: a budget it cannot spend (its counter write is still made and timed)
        ConnectApiHandler handler = ConnectApiWiring.over(config, stand.clients()).withReissuer(id -> 0)
                .withThrottling(new TenantThrottleSettings(TenantThrottleSettings.DEFAULT_WINDOW, Integer.MAX_VALUE, 1))
                .handler();
        for (int i = 0; i < 10; i++) {
            call(handler, account, limit); // warm-up: JIT, connection
        }
        long queriesBefore = stand.awsCalls().count(AwsCallCounter.DYNAMODB, "Query");
        long scansBefore = stand.awsCalls().count(AwsCallCounter.DYNAMODB, "Scan");
        long[] nanos = new long[calls];
        int returned = 0;
        for (int i = 0; i < calls; i++) {
            long started = System.nanoTime();
            APIGatewayV2HTTPResponse response = call(handler, account, limit);
            nanos[i] = System.nanoTime() - started;
            if (response.getStatusCode() != 200) {
                throw new IllegalStateException("listing failed: HTTP " + response.getStatusCode() + " " + response.getBody());
            }
            returned = response.getBody().split("\"purchaseId\"", -1).length - 1;
        }
        Arrays.sort(nanos);
        return new BenchResult()
                .put("invoices_list_items_in_account", filled)
                .put("invoices_list_page_items", returned)
                .put("invoices_list_ms", nanos[calls / 2] / 1e6, 2)
                .put("invoices_list_p95_ms", nanos[Math.min(calls - 1, (int) Math.ceil(calls * 0.95) - 1)] / 1e6, 2)
                .put("invoices_list_queries_per_call",
                        (stand.awsCalls().count(AwsCallCounter.DYNAMODB, "Query") - queriesBefore) / (double) calls, 2)
                .put("invoices_list_scans", stand.awsCalls().count(AwsCallCounter.DYNAMODB, "Scan") - scansBefore);
    }

    /** {@code count} items of {@code account}, 25 per BatchWriteItem; returns how many were written. */
    private static long fill(BenchStand stand, String table, String account, int count) {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<WriteRequest> batch = new ArrayList<>(25);
        long written = 0;
        for (int i = 0; i < count; i++) {
            String pid = "P-" + i;
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(Tables.ACCOUNT_ID, AttributeValue.fromS(account));
            item.put(Tables.PURCHASE_ID, AttributeValue.fromS(pid));
            boolean issued = i % 3 == 0;
            item.put(Tables.STATE, AttributeValue.fromS((issued ? LedgerState.ISSUED : LedgerState.PARKED).name()));
            item.put(Tables.PAID_AT, AttributeValue.fromS(Tables.sortable(t0.plusSeconds(i * 30L))));
            item.put("externalId", AttributeValue.fromS("ai:" + account + ":" + pid));
            item.put("sends", AttributeValue.fromN(issued ? "1" : "0"));
            item.put("revision", AttributeValue.fromN("2"));
            item.put("updatedAt", AttributeValue.fromS(t0.toString()));
            item.put("messageBody", AttributeValue.fromS(IssuerFixtures.paid(account, pid, 2, 5990)));
            if (issued) {
                item.put("invoiceNumber", AttributeValue.fromS("TIX-" + i));
            } else {
                item.put("reason", AttributeValue.fromS("ACCOUNT_BLOCKED"));
                item.put("lastError", AttributeValue.fromS("136"));
            }
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25 || i == count - 1) {
                List<WriteRequest> requests = List.copyOf(batch);
                stand.clients().dynamoDb().batchWriteItem(b -> b.requestItems(Map.of(table, requests)));
                written += requests.size();
                batch.clear();
            }
        }
        return written;
    }

    private static APIGatewayV2HTTPResponse call(ConnectApiHandler handler, String account, int limit) {
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
        jwt.setClaims(Map.of("sub", "bench", "account_id", account));
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setJwt(jwt);
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("GET");
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setAuthorizer(authorizer);
        context.setHttp(http);
        context.setRequestId("bench");
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRouteKey("GET /accounts/{accountId}/invoices");
        event.setRawPath("/accounts/" + account + "/invoices");
        event.setPathParameters(Map.of("accountId", account));
        event.setQueryStringParameters(Map.of("limit", Integer.toString(limit)));
        event.setRequestContext(context);
        return handler.handle(event, null);
    }
}
