package hu.autoinvoice.connect;

import static hu.autoinvoice.connect.ConnectApiFixture.accountId;
import static hu.autoinvoice.connect.ConnectApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.invoice.DocumentType;
import hu.autoinvoice.local.CiRequirement;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.agent.Faults;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import hu.autoinvoice.testing.TestKeys;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Connecting an account that issues e-receipts to private buyers, end to end: the real handler over the AWS stand-ins
 * and the Számla Agent simulator. The live check gets a receipt by a sentinel call id (8 = no receipts in the package)
 * and previews an invoice under the receipt prefix (taken = it is an invoice prefix, the vendor's 336); a malformed
 * prefix is refused before any Agent call; nothing is ever created.
 */
@ExtendWith(LocalAwsExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectReceiptsTest {

    private final ConnectApiFixture f;

    ConnectReceiptsTest(AwsClients aws, AppConfig config) {
        CiRequirement.vendorSchemas(); // the simulator validates every request against them
        f = new ConnectApiFixture(aws, config, accountId -> 0);
    }

    @AfterAll
    void stop() {
        f.close();
    }

    @BeforeEach
    void noFaults() {
        f.simulator.setFaults(Faults.none());
    }

    @Test
    void receiptsWithAGoodPrefixConnectAndTheAccountIsStoredWithThem() {
        String account = accountId();
        String key = f.workingKey(); // invoice prefix TIX
        long previews = f.simulator.stats().previews();
        long receiptGets = f.simulator.stats().receiptQueries();

        APIGatewayV2HTTPResponse response = f.call(ApiEvents.connectReceipts(account, key, null, "NYGT"));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("documentType").asText()).isEqualTo("receipt");
        assertThat(body.get("receiptPrefix").asText()).isEqualTo("NYGT");
        assertThat(body.get("status").asText()).isEqualTo("HEALTHY");
        assertThat(response.getBody()).doesNotContain(key);
        Account stored = f.store.find(account).orElseThrow();
        assertThat(stored.documentType()).isEqualTo(DocumentType.RECEIPT);
        assertThat(stored.receiptPrefix()).contains("NYGT");
        assertThat(stored.invoicePrefix()).isEmpty();
        // one receipt get (by the sentinel call id: not found) and one preview under the receipt prefix (202)
        assertThat(f.simulator.stats().receiptQueries()).isEqualTo(receiptGets + 1);
        assertThat(f.simulator.stats().rejections()).containsKey(202);
        assertThat(f.simulator.stats().previews()).isEqualTo(previews);
        assertThat(f.simulator.documents()).isEmpty();

        JsonNode status = json(f.call(ApiEvents.forAccount(ApiEvents.GET, account)));
        assertThat(status.get("documentType").asText()).isEqualTo("receipt");
        assertThat(status.get("receiptPrefix").asText()).isEqualTo("NYGT");
    }

    @Test
    void anInvoicePrefixAndReceiptsBothCheckedAndStored() {
        String account = accountId();
        String key = f.workingKey();
        long previews = f.simulator.stats().previews();

        APIGatewayV2HTTPResponse response = f.call(ApiEvents.connectReceipts(account, key, "TIX", "NY1"));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(f.simulator.stats().previews()).as("the invoice prefix's preview").isEqualTo(previews + 1);
        Account stored = f.store.find(account).orElseThrow();
        assertThat(stored.invoicePrefix()).contains("TIX");
        assertThat(stored.receiptPrefix()).contains("NY1");
        assertThat(f.simulator.documents()).isEmpty();
    }

    @Test
    void reconnectingWithInvoicesDropsTheReceiptChoice() {
        String account = accountId();
        String key = f.workingKey();
        assertThat(f.call(ApiEvents.connectReceipts(account, key, null, "NYGT")).getStatusCode()).isEqualTo(200);

        APIGatewayV2HTTPResponse response = f.call(ApiEvents.connect(account, key, false, null));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(json(response).get("documentType").asText()).isEqualTo("invoice");
        assertThat(json(response).get("receiptPrefix").isNull()).isTrue();
        Account stored = f.store.find(account).orElseThrow();
        assertThat(stored.documentType()).isEqualTo(DocumentType.INVOICE);
        assertThat(stored.receiptPrefix()).isEmpty();
    }

    @Test
    void aReceiptPrefixThatIsAnInvoicePrefixOfTheAccountIsRefused() {
        String account = accountId();
        String key = f.workingKey();
        f.simulator.putAccount(key, AccountUpdate.none().withPrefixes(List.of("TIX", "JEGY")));
        long previews = f.simulator.stats().previews();

        // TIX would be caught by the parse (equal to the invoice prefix); JEGY is the account's other invoice prefix
        APIGatewayV2HTTPResponse response = f.call(ApiEvents.connectReceipts(account, key, "TIX", "JEGY"));

        assertRefused(response, account, ErrorCode.RECEIPT_PREFIX_IS_INVOICE_PREFIX);
        assertThat(json(response).get("messageHu").asText()).contains("számlaszám-előtag");
        assertThat(f.simulator.stats().previews()).as("the invoice prefix's and the receipt prefix's").isEqualTo(previews + 2);
        // and the vendor would have refused a receipt under it with 336
        assertThat(f.simulator.documents()).isEmpty();
    }

    @Test
    void theAccountsDefaultInvoicePrefixAsReceiptPrefixIsRefused() {
        String account = accountId();
        assertRefused(f.call(ApiEvents.connectReceipts(account, f.workingKey(), null, "TIX")), account,
                ErrorCode.RECEIPT_PREFIX_IS_INVOICE_PREFIX);
    }

    @Test
    void aPackageWithoutReceiptsIsRefusedBeforeThePrefixIsLookedAt() {
        String account = accountId();
        String key = f.workingKey();
        f.simulator.putAccount(key, AccountUpdate.none().withReceipts(false));
        long previews = f.simulator.stats().previews();

        APIGatewayV2HTTPResponse response = f.call(ApiEvents.connectReceipts(account, key, null, "NYGT"));

        assertRefused(response, account, ErrorCode.RECEIPTS_NOT_ALLOWED);
        assertThat(f.simulator.stats().rejections()).containsKey(8);
        assertThat(f.simulator.stats().previews()).isEqualTo(previews);
        // the same account connects for invoices
        assertThat(f.call(ApiEvents.connect(account, key, false, null)).getStatusCode()).isEqualTo(200);
    }

    @Test
    void aBlockedAccountIsRefusedAsBlockedWhateverItAsksFor() {
        String account = accountId();
        String key = f.workingKey();
        f.simulator.putAccount(key, AccountUpdate.none().withState(hu.autoinvoice.local.agent.AccountState.BLOCKED));
        APIGatewayV2HTTPResponse response = f.call(ApiEvents.connectReceipts(account, key, null, "NYGT"));
        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(json(response).get("code").asText()).isEqualTo("ACCOUNT_BLOCKED");
    }

    @Test
    void anAgentThatCannotAnswerTheReceiptStepsIs503() {
        String key = f.workingKey();
        f.simulator.setFaults(Faults.none().withDownRate(1.0));
        APIGatewayV2HTTPResponse response = f.call(ApiEvents.connectReceipts(accountId(), key, null, "NYGT"));
        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(json(response).get("code").asText()).isEqualTo("AGENT_UNAVAILABLE");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"documentType\":\"receipt\"|receiptPrefix",
            "\"documentType\":\"receipt\",\"receiptPrefix\":\"nygt\"|receiptPrefix",
            "\"documentType\":\"receipt\",\"receiptPrefix\":\"NY-GT\"|receiptPrefix",
            "\"documentType\":\"receipt\",\"receiptPrefix\":\"NYUGTAELOTAG\"|receiptPrefix",
            "\"documentType\":\"receipt\",\"receiptPrefix\":\"TIX\",\"invoicePrefix\":\"TIX\"|receiptPrefix",
            "\"receiptPrefix\":\"NYGT\"|receiptPrefix",
            "\"documentType\":\"invoice\",\"receiptPrefix\":\"NYGT\"|receiptPrefix",
            "\"documentType\":\"nyugta\",\"receiptPrefix\":\"NYGT\"|documentType"})
    void aMalformedReceiptChoiceIs400WithTheFieldAndNoAgentCall(String row) {
        String[] parts = row.split("\\|", -1);
        String account = accountId();
        long calls = f.agentCalls();
        APIGatewayV2HTTPEvent event = ApiEvents.forAccount(ApiEvents.PUT, account);
        event.setBody("{\"agentKey\":\"" + f.workingKey() + "\"," + parts[0] + "}");

        APIGatewayV2HTTPResponse response = f.call(event);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(body.get("fields").findValuesAsText("field")).containsExactly(parts[1]);
        assertThat(body.get("fields").findValuesAsText("message")).allSatisfy(m -> assertThat(m).isNotBlank());
        assertThat(body.get("fields").findValuesAsText("messageHu")).allSatisfy(m -> assertThat(m).isNotBlank());
        assertThat(response.getBody()).doesNotContain(TestKeys.MARKER);
        assertThat(f.agentCalls()).isEqualTo(calls);
        assertThat(f.store.find(account)).isEmpty();
    }

    private void assertRefused(APIGatewayV2HTTPResponse response, String account, ErrorCode code) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(code.httpStatus());
        JsonNode body = json(response);
        assertThat(body.get("code").asText()).isEqualTo(code.name());
        assertThat(body.get("message").asText()).isEqualTo(ConnectTexts.error(code).en());
        assertThat(body.get("messageHu").asText()).isEqualTo(ConnectTexts.error(code).hu());
        assertThat(f.store.find(account)).isEmpty();
        assertThat(f.simulator.documents()).isEmpty();
    }
}
