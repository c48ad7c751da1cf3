package hu.autoinvoice.connect;

import static hu.autoinvoice.connect.ConnectApiFixture.accountId;
import static hu.autoinvoice.connect.ConnectApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.AgentResult;
import hu.autoinvoice.agent.IssuedReceipt;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.invoice.CallId;
import hu.autoinvoice.invoice.DraftResult;
import hu.autoinvoice.invoice.InvoiceCalculator;
import hu.autoinvoice.invoice.ParseResult;
import hu.autoinvoice.invoice.PurchaseMessages;
import hu.autoinvoice.invoice.PurchasePaid;
import hu.autoinvoice.invoice.ReceiptDraft;
import hu.autoinvoice.ledger.Cause;
import hu.autoinvoice.ledger.Claim;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.LedgerCursor;
import hu.autoinvoice.ledger.PurchaseClaim;
import hu.autoinvoice.ledger.Reason;
import hu.autoinvoice.local.agent.AccountState;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import hu.autoinvoice.local.runner.IssuerFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The invoice routes of the connect API (issue 13): the listing newest paid first with totals, buyer and the reason of
 * what is not issued, cursor paging, filters, one purchase with what support reads, and every bad input as a 400 in
 * the documented shape; another account's invoices are 403 whether they exist or not. Every row says its
 * {@code documentType}: a purchase issued as an e-receipt shows as a receipt, and its PDFs come from the receipt get.
 */
@ExtendWith(LocalAwsExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvoiceRoutesTest {

    private static final Instant PAID = Instant.parse("2026-11-20T09:00:00Z");

    private final ConnectApiFixture f;
    private final InvoiceLedger ledger;

    InvoiceRoutesTest(AwsClients aws, AppConfig config) {
        f = new ConnectApiFixture(aws, config, accountId -> 0);
        ledger = new InvoiceLedger(aws.dynamoDb(), config.invoicesTable());
    }

    @AfterAll
    void stop() {
        f.close();
    }

    /** Purchases P-0… paid an hour apart, each 2 × 1000 HUF; every third issued, the others parked (account blocked). */
    private void purchases(String account, int n) {
        for (int i = 0; i < n; i++) {
            String pid = "P-" + i;
            Instant paid = PAID.plus(Duration.ofHours(i));
            String body = IssuerFixtures.paid(account, pid, 2, 1000).replace("2026-11-27T18:05:11Z", paid.toString());
            var claimed = (Claim.Claimed) ledger.claim(new PurchaseClaim(account, pid, "ai:" + account + ":" + pid, body,
                    paid, stored -> true), PAID, Duration.ofSeconds(90), Duration.ofSeconds(90), Optional.empty());
            if (i % 3 == 0) {
                ledger.issue(claimed.item(), "TIX-" + i, false, "fp", paid.plusSeconds(2));
            } else {
                ledger.park(claimed.item(), new Cause(Reason.ACCOUNT_BLOCKED, "136: zárolva"), paid);
            }
        }
    }

    private static APIGatewayV2HTTPEvent list(String account, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = ApiEvents.forAccount(ApiEvents.GET, account);
        event.setRouteKey("GET /accounts/{accountId}/invoices");
        event.setRawPath("/accounts/" + account + "/invoices");
        event.setQueryStringParameters(query.isEmpty() ? null : new HashMap<>(query));
        return event;
    }

    private static APIGatewayV2HTTPEvent one(String account, String purchaseId) {
        APIGatewayV2HTTPEvent event = ApiEvents.forAccount(ApiEvents.GET, account);
        event.setRouteKey("GET /accounts/{accountId}/invoices/{purchaseId}");
        event.setRawPath("/accounts/" + account + "/invoices/" + purchaseId);
        event.setPathParameters(new HashMap<>(Map.of("accountId", account, "purchaseId", purchaseId)));
        return event;
    }

    private APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent event) {
        return f.handler.handle(event, null);
    }

    @Test
    void theListingGoesNewestPaidFirstWithTotalsBuyerAndWhyNotIssuedAndPagesWithACursor() {
        String account = accountId();
        purchases(account, 5);
        List<String> seen = new ArrayList<>();
        Map<String, String> query = new HashMap<>(Map.of("limit", "2"));
        JsonNode page;
        int pages = 0;
        do {
            APIGatewayV2HTTPResponse response = call(list(account, query));
            assertThat(response.getStatusCode()).isEqualTo(200);
            page = json(response);
            page.get("invoices").forEach(i -> seen.add(i.get("purchaseId").asText()));
            if (page.has("nextCursor")) {
                query.put("cursor", page.get("nextCursor").asText());
            }
            pages++;
        } while (page.has("nextCursor") && pages < 10);
        assertThat(seen).containsExactly("P-4", "P-3", "P-2", "P-1", "P-0");

        JsonNode first = json(call(list(account, Map.of()))).get("invoices");
        JsonNode issued = first.get(1); // P-3
        assertThat(issued.get("state").asText()).isEqualTo("ISSUED");
        assertThat(issued.get("invoiceNumber").asText()).isEqualTo("TIX-3");
        assertThat(issued.get("grossTotal").asText()).isEqualTo("2000");
        assertThat(issued.get("currency").asText()).isEqualTo("HUF");
        assertThat(issued.get("buyerName").asText()).isEqualTo("Kiss Anna");
        assertThat(issued.get("paidAt").asText()).isEqualTo(PAID.plus(Duration.ofHours(3)).toString());
        assertThat(issued.get("issuedAt").asText()).isEqualTo(PAID.plus(Duration.ofHours(3)).plusSeconds(2).toString());
        assertThat(issued.has("reason")).isFalse();
        JsonNode parked = first.get(0); // P-4
        assertThat(parked.get("state").asText()).isEqualTo("PARKED");
        assertThat(parked.get("reason").asText()).isEqualTo("ACCOUNT_BLOCKED");
        assertThat(parked.get("remediation").get("en").asText())
                .isEqualTo(ConnectTexts.remediation(Reason.ACCOUNT_BLOCKED).en());
        assertThat(parked.has("detail")).as("the vendor's message is on the single view only").isFalse();
    }

    @Test
    void stateAndPaidDayFilterTheListing() {
        String account = accountId();
        purchases(account, 7);
        JsonNode issued = json(call(list(account, Map.of("state", "ISSUED")))).get("invoices");
        assertThat(issued.findValuesAsText("purchaseId")).containsExactly("P-6", "P-3", "P-0");
        // paid hours 09:00Z + i: P-0..P-6 are all on 2026-11-20 in Budapest (10:00–16:00)
        assertThat(json(call(list(account, Map.of("from", "2026-11-21")))).get("invoices")).isEmpty();
        JsonNode day = json(call(list(account, Map.of("from", "2026-11-20", "to", "2026-11-20", "state", "PARKED,FAILED"))))
                .get("invoices");
        assertThat(day.findValuesAsText("purchaseId")).containsExactly("P-5", "P-4", "P-2", "P-1");
    }

    @Test
    void everyBadParameterIsA400NamingIt() {
        String account = accountId();
        String otherAccountsCursor = new LedgerCursor("someone-else", "P-1", Tables.sortable(PAID)).token();
        Map<Map<String, String>, String> bad = Map.of(
                Map.of("state", "BOGUS"), "state",
                Map.of("limit", "0"), "limit",
                Map.of("limit", "101"), "limit",
                Map.of("limit", "many"), "limit",
                Map.of("from", "2026-13-01"), "from",
                Map.of("from", "2026-11-02", "to", "2026-11-01"), "to",
                Map.of("cursor", "not-a-cursor"), "cursor",
                Map.of("cursor", otherAccountsCursor), "cursor");
        bad.forEach((query, field) -> {
            APIGatewayV2HTTPResponse response = call(list(account, query));
            assertThat(response.getStatusCode()).as("%s", query).isEqualTo(400);
            JsonNode body = json(response);
            assertThat(body.get("code").asText()).isEqualTo("VALIDATION_FAILED");
            assertThat(body.get("fields").findValuesAsText("field")).as("%s", query).contains(field);
            assertThat(body.get("fields").get(0).get("messageHu").asText()).isNotBlank();
        });
    }

    @Test
    void onePurchaseShowsWhatSupportReadsAndAnUnknownOneIs404() {
        String account = accountId();
        purchases(account, 2);
        APIGatewayV2HTTPResponse response = call(one(account, "P-1"));
        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode item = json(response);
        assertThat(item.get("state").asText()).isEqualTo("PARKED");
        assertThat(item.get("reason").asText()).isEqualTo("ACCOUNT_BLOCKED");
        assertThat(item.get("detail").asText()).isEqualTo("136: zárolva");
        assertThat(item.get("sends").asInt()).isZero();
        assertThat(item.has("updatedAt")).isTrue();

        APIGatewayV2HTTPResponse missing = call(one(account, "P-404"));
        assertThat(missing.getStatusCode()).isEqualTo(404);
        assertThat(json(missing).get("code").asText()).isEqualTo("INVOICE_NOT_FOUND");
        assertThat(call(one(account, "P%0A1")).getStatusCode()).as("a purchase id that is not one").isEqualTo(400);
    }

    @Test
    void thePdfOfAnIssuedInvoiceComesFromSzamlazzAndWhatCannotBeFetchedSaysWhy() {
        String account = accountId();
        AgentKey key = IssuerFixtures.connect(f.aws, f.config, f.simulator, account, false);
        f.issue(IssuerFixtures.paid(account, "P-pdf", 1, 5990));
        String number = ledger.find(account, "P-pdf").orElseThrow().invoiceNumber().orElseThrow();

        APIGatewayV2HTTPResponse pdf = call(pdf(account, "P-pdf", null));
        assertThat(pdf.getStatusCode()).isEqualTo(200);
        assertThat(pdf.getHeaders()).containsEntry("content-type", "application/pdf")
                .containsEntry("content-disposition", "inline; filename=\"" + number + ".pdf\"");
        assertThat(pdf.getIsBase64Encoded()).isTrue();
        assertThat(new String(Base64.getDecoder().decode(pdf.getBody()), StandardCharsets.ISO_8859_1)).startsWith("%PDF");

        assertThat(json(call(pdf(account, "P-pdf", "storno"))).get("code").asText()).as("not reversed: no storno")
                .isEqualTo("INVOICE_NOT_FOUND");
        assertThat(call(pdf(account, "P-none", null)).getStatusCode()).isEqualTo(404);
        assertThat(call(pdf(account, "P-pdf", "receipt")).getStatusCode()).isEqualTo(400);

        // the account is blocked at Számlázz.hu (debt): the answer says so, with what to do
        f.simulator.putAccount(key.reveal(), AccountUpdate.none().withState(AccountState.BLOCKED));
        APIGatewayV2HTTPResponse blocked = call(pdf(account, "P-pdf", null));
        assertThat(blocked.getStatusCode()).isEqualTo(422);
        assertThat(json(blocked).get("code").asText()).isEqualTo("ACCOUNT_BLOCKED");
        assertThat(blocked.getBody()).doesNotContain(key.reveal());
    }

    private static APIGatewayV2HTTPEvent pdf(String account, String purchaseId, String document) {
        return pdfOf(account, purchaseId, document == null ? Map.of() : Map.of("document", document));
    }

    private static APIGatewayV2HTTPEvent pdfOf(String account, String purchaseId, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = one(account, purchaseId);
        event.setRouteKey("GET /accounts/{accountId}/invoices/{purchaseId}/pdf");
        event.setRawPath("/accounts/" + account + "/invoices/" + purchaseId + "/pdf");
        event.setQueryStringParameters(query.isEmpty() ? null : new HashMap<>(query));
        return event;
    }

    @Test
    void anAmendedPurchaseShowsItsChainOriginalStornoCorrectedAndEachRevisionsPdf() {
        String account = accountId();
        IssuerFixtures.connect(f.aws, f.config, f.simulator, account, false);
        f.issue(IssuerFixtures.paid(account, "P-ch", 3, 5000));
        // one ticket of three refunded (revision 1), then the invoice wanted in a company's name (revision 2)
        f.issue(IssuerFixtures.amended(account, "P-ch", 1, 2, 5000, Optional.empty()));
        f.issue(IssuerFixtures.amended(account, "P-ch", 2, 2, 5000, Optional.of("Chain Kft.")));

        JsonNode purchase = json(call(one(account, "P-ch")));
        assertThat(purchase.get("purchaseId").asText()).isEqualTo("P-ch");
        assertThat(purchase.get("revision").asInt()).as("the top level is the purchase as paid").isZero();
        assertThat(purchase.get("state").asText()).isEqualTo("REVERSED");
        JsonNode chain = purchase.get("chain");
        assertThat(chain).hasSize(3);
        assertThat(chain.findValuesAsText("revision")).containsExactly("0", "1", "2");
        assertThat(chain.findValuesAsText("purchaseId")).containsOnly("P-ch");
        assertThat(chain.findValuesAsText("state")).containsExactly("REVERSED", "REVERSED", "ISSUED");
        assertThat(chain.findValuesAsText("grossTotal")).containsExactly("15000", "10000", "10000");
        assertThat(chain.findValuesAsText("buyerName")).containsExactly("Kiss Anna", "Kiss Anna", "Chain Kft.");
        assertThat(chain.get(2).has("stornoNumber")).isFalse();
        assertThat(chain.get(0).has("history")).as("the chain's rows are summaries").isFalse();
        // each replaced invoice reversed by its own storno; the live one is the simulator's only unreversed invoice
        for (int r = 0; r < 2; r++) {
            String number = chain.get(r).get("invoiceNumber").asText();
            String storno = chain.get(r).get("stornoNumber").asText();
            assertThat(f.simulator.documents()).filteredOn(d -> storno.equals(d.number()))
                    .singleElement().satisfies(d -> assertThat(d.reverses()).isEqualTo(number));
        }
        assertThat(f.simulator.documentsByOrderNumber("P-ch")).filteredOn(d -> d.reversedBy() == null
                && d.reverses() == null).singleElement()
                .satisfies(d -> assertThat(d.number()).isEqualTo(chain.get(2).get("invoiceNumber").asText()));

        // the listing: one row per revision's invoice, under the purchase id
        JsonNode rows = json(call(list(account, Map.of()))).get("invoices");
        assertThat(rows.findValuesAsText("purchaseId")).containsOnly("P-ch").hasSize(3);
        assertThat(rows.findValuesAsText("revision")).containsExactlyInAnyOrder("0", "1", "2");

        // the PDF of each revision's invoice and storno
        APIGatewayV2HTTPResponse corrected = call(pdfOf(account, "P-ch", Map.of("revision", "2")));
        assertThat(corrected.getStatusCode()).isEqualTo(200);
        assertThat(corrected.getHeaders()).containsEntry("content-disposition",
                "inline; filename=\"" + chain.get(2).get("invoiceNumber").asText() + ".pdf\"");
        APIGatewayV2HTTPResponse storno = call(pdfOf(account, "P-ch", Map.of("revision", "1", "document", "storno")));
        assertThat(storno.getHeaders()).containsEntry("content-disposition",
                "inline; filename=\"" + chain.get(1).get("stornoNumber").asText() + ".pdf\"");
        assertThat(call(pdfOf(account, "P-ch", Map.of("revision", "3"))).getStatusCode()).as("no such revision")
                .isEqualTo(404);
        for (String bad : List.of("-1", "x", "1.5", "2147483648", "")) {
            APIGatewayV2HTTPResponse refused = call(pdfOf(account, "P-ch", Map.of("revision", bad)));
            assertThat(refused.getStatusCode()).as(bad).isEqualTo(400);
            assertThat(json(refused).get("fields").findValuesAsText("field")).containsExactly("revision");
        }
    }

    @Test
    void aPurchaseNeverAmendedHasAChainOfItselfAlone() {
        String account = accountId();
        purchases(account, 1);
        JsonNode purchase = json(call(one(account, "P-0")));
        assertThat(purchase.get("chain")).singleElement().satisfies(row -> {
            assertThat(row.get("revision").asInt()).isZero();
            assertThat(row.get("invoiceNumber").asText()).isEqualTo(purchase.get("invoiceNumber").asText());
        });
    }

    /**
     * A purchase issued as an e-receipt, written as the issuer writes one: the receipt (and, with {@code reversed}, its
     * storno) issued in the simulator under the account's key, the ledger item claimed, issued with the receipt's
     * number and marked {@code documentType = receipt}, then reversed with the storno's number.
     */
    private LedgerEntry receiptItem(String account, AgentKey key, String pid, boolean reversed) {
        String body = IssuerFixtures.paid(account, pid, 2, 2495);
        PurchasePaid purchase = (PurchasePaid) ((ParseResult.Valid) PurchaseMessages.parse(body)).message();
        ReceiptDraft draft = ReceiptDraft.of(((DraftResult.Computed) InvoiceCalculator.draft(purchase)).draft(), "NYGT",
                CallId.of(account, pid));
        SzamlaAgentClient agent = SzamlaAgentClient.overHttp(AgentHttpConfig.defaults(f.simulator.url()));
        IssuedReceipt receipt = ((AgentResult.Ok<IssuedReceipt>) agent.createReceipt(key, draft)).value();
        var claimed = (Claim.Claimed) ledger.claim(new PurchaseClaim(account, pid, "ai:" + account + ":" + pid, body,
                PAID, stored -> true), PAID, Duration.ofSeconds(90), Duration.ofSeconds(90), Optional.empty());
        LedgerEntry issued = ledger.issue(claimed.item(), receipt.number(), false, "fp", PAID.plusSeconds(2)).orElseThrow();
        f.aws.dynamoDb().updateItem(b -> b.tableName(f.config.invoicesTable())
                .key(Map.of(Tables.ACCOUNT_ID, AttributeValue.fromS(account), Tables.PURCHASE_ID, AttributeValue.fromS(pid)))
                .updateExpression("SET documentType = :d")
                .expressionAttributeValues(Map.of(":d", AttributeValue.fromS("receipt"))));
        if (reversed) {
            IssuedReceipt storno = ((AgentResult.Ok<IssuedReceipt>) agent.reverseReceipt(key, receipt.number(),
                    Optional.empty())).value();
            ledger.reverse(issued.invoiced().orElseThrow(), storno.number(), PAID.plusSeconds(60)).orElseThrow();
        }
        return ledger.find(account, pid).orElseThrow();
    }

    @Test
    void aReceiptShowsAsAReceiptInTheListingTheSingleViewAndItsChain() {
        String account = accountId();
        AgentKey key = IssuerFixtures.connect(f.aws, f.config, f.simulator, account, false);
        f.issue(IssuerFixtures.paid(account, "P-inv", 1, 5990));
        LedgerEntry receipt = receiptItem(account, key, "P-rcpt", false);
        assertThat(receipt.documentType().apiValue()).isEqualTo("receipt");
        assertThat(ledger.find(account, "P-inv").orElseThrow().documentType().apiValue()).isEqualTo("invoice");

        JsonNode rows = json(call(list(account, Map.of()))).get("invoices");
        assertThat(rows).hasSize(2);
        for (JsonNode row : rows) {
            String expected = row.get("purchaseId").asText().equals("P-rcpt") ? "receipt" : "invoice";
            assertThat(row.get("documentType").asText()).as(row.get("purchaseId").asText()).isEqualTo(expected);
        }

        JsonNode one = json(call(one(account, "P-rcpt")));
        assertThat(one.get("documentType").asText()).isEqualTo("receipt");
        assertThat(one.get("state").asText()).isEqualTo("ISSUED");
        assertThat(one.get("invoiceNumber").asText()).as("the receipt's number").isEqualTo(receipt.invoiceNumber().orElseThrow())
                .startsWith("NYGT-");
        assertThat(one.get("grossTotal").asText()).isEqualTo("4990");
        assertThat(one.get("chain")).singleElement()
                .satisfies(row -> assertThat(row.get("documentType").asText()).isEqualTo("receipt"));
        assertThat(json(call(one(account, "P-inv"))).get("documentType").asText()).isEqualTo("invoice");
    }

    @Test
    void aReceiptsPdfAndItsStornosComeFromTheReceiptGet() {
        String account = accountId();
        AgentKey key = IssuerFixtures.connect(f.aws, f.config, f.simulator, account, false);
        LedgerEntry receipt = receiptItem(account, key, "P-rpdf", true);
        String number = receipt.invoiceNumber().orElseThrow();
        String storno = receipt.stornoNumber().orElseThrow();
        assertThat(storno).isNotEqualTo(number);
        long before = f.simulator.stats().receiptQueries();

        APIGatewayV2HTTPResponse pdf = call(pdf(account, "P-rpdf", null));
        assertThat(pdf.getStatusCode()).as(pdf.getBody()).isEqualTo(200);
        assertThat(pdf.getHeaders()).containsEntry("content-type", "application/pdf")
                .containsEntry("content-disposition", "inline; filename=\"" + number + ".pdf\"");
        assertThat(new String(Base64.getDecoder().decode(pdf.getBody()), StandardCharsets.ISO_8859_1)).startsWith("%PDF");

        APIGatewayV2HTTPResponse stornoPdf = call(pdf(account, "P-rpdf", "storno"));
        assertThat(stornoPdf.getStatusCode()).as(stornoPdf.getBody()).isEqualTo(200);
        assertThat(stornoPdf.getHeaders()).containsEntry("content-disposition", "inline; filename=\"" + storno + ".pdf\"");
        assertThat(f.simulator.stats().receiptQueries()).as("two receipt gets")
                .isEqualTo(before + 2);

        JsonNode one = json(call(one(account, "P-rpdf")));
        assertThat(one.get("documentType").asText()).isEqualTo("receipt");
        assertThat(one.get("state").asText()).isEqualTo("REVERSED");
        assertThat(one.get("stornoNumber").asText()).isEqualTo(storno);

        // a receipt number the vendor does not know (deleted there, another account): no such document, as for invoices
        f.aws.dynamoDb().updateItem(b -> b.tableName(f.config.invoicesTable())
                .key(Map.of(Tables.ACCOUNT_ID, AttributeValue.fromS(account), Tables.PURCHASE_ID, AttributeValue.fromS("P-rpdf")))
                .updateExpression("SET invoiceNumber = :n")
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromS("NYGT-2026-999"))));
        APIGatewayV2HTTPResponse unknown = call(pdf(account, "P-rpdf", null));
        assertThat(unknown.getStatusCode()).isEqualTo(404);
        assertThat(json(unknown).get("code").asText()).isEqualTo("INVOICE_NOT_FOUND");

        // the account blocked at Számlázz.hu: the same answer as for an invoice's PDF, without the key
        f.simulator.putAccount(key.reveal(), AccountUpdate.none().withState(AccountState.BLOCKED));
        APIGatewayV2HTTPResponse blocked = call(pdf(account, "P-rpdf", "storno"));
        assertThat(blocked.getStatusCode()).isEqualTo(422);
        assertThat(json(blocked).get("code").asText()).isEqualTo("ACCOUNT_BLOCKED");
        assertThat(blocked.getBody()).doesNotContain(key.reveal());
    }

    @Test
    void anotherAccountsInvoicesAre403WhetherTheyExistOrNot() {
        String victim = accountId();
        purchases(victim, 1);
        String intruder = accountId();
        for (APIGatewayV2HTTPEvent event : List.of(one(victim, "P-0"), one(victim, "P-none"), list(victim, Map.of()),
                pdf(victim, "P-0", null))) {
            ApiEvents.withClaims(event, Map.of("sub", "user-2", "account_id", intruder));
            APIGatewayV2HTTPResponse response = call(event);
            assertThat(response.getStatusCode()).as(event.getRawPath()).isEqualTo(403);
            assertThat(response.getBody()).doesNotContain("P-0").doesNotContain("Kiss");
        }
    }
}
