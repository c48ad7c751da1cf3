package hu.autoinvoice.connect;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Loads the {@code events/connect-api} samples and adapts them to a test's account, caller and body. */
final class ApiEvents {

    static final String PUT = "put-connect.json";
    static final String PUT_PREFIX_EINVOICE = "put-connect-prefix-einvoice.json";
    static final String GET = "get-status.json";
    static final String DELETE = "delete-disconnect.json";
    static final String REISSUE = "post-reissue.json";
    static final List<String> ALL = List.of(PUT, PUT_PREFIX_EINVOICE, GET, DELETE, REISSUE);

    private static final String DIR = "../../events/connect-api/";

    private ApiEvents() {
    }

    /** The sample as stored (account {@code org-42}). */
    static APIGatewayV2HTTPEvent sample(String name) {
        return EventLoader.loadApiGatewayHttpEvent(DIR + name);
    }

    /** The sample for {@code accountId}, called by that account's organiser. */
    static APIGatewayV2HTTPEvent forAccount(String name, String accountId) {
        APIGatewayV2HTTPEvent event = sample(name);
        retarget(event, accountId);
        Map<String, String> claims = new HashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.remove("scope");
        claims.put("account_id", accountId);
        event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        return event;
    }

    /** Points the sample at another account id, leaving the caller's claims as they are. */
    static APIGatewayV2HTTPEvent retarget(APIGatewayV2HTTPEvent event, String accountId) {
        String path = event.getRawPath().replace("/org-42/", "/" + accountId + "/");
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        event.setPathParameters(new HashMap<>(Map.of("accountId", accountId)));
        return event;
    }

    static APIGatewayV2HTTPEvent withClaims(APIGatewayV2HTTPEvent event, Map<String, String> claims) {
        event.getRequestContext().getAuthorizer().getJwt().setClaims(claims == null ? null : new HashMap<>(claims));
        return event;
    }

    static APIGatewayV2HTTPEvent connect(String accountId, String key, boolean eInvoice, String prefix) {
        APIGatewayV2HTTPEvent event = forAccount(PUT, accountId);
        event.setBody("{\"agentKey\":\"" + key + "\",\"eInvoice\":" + eInvoice + ",\"invoicePrefix\":"
                + (prefix == null ? "null" : "\"" + prefix + "\"") + "}");
        return event;
    }

    /** A connect body asking for receipts under {@code receiptPrefix} (invoices to companies under {@code invoicePrefix}). */
    static APIGatewayV2HTTPEvent connectReceipts(String accountId, String key, String invoicePrefix, String receiptPrefix) {
        APIGatewayV2HTTPEvent event = forAccount(PUT, accountId);
        event.setBody("{\"agentKey\":\"" + key + "\",\"invoicePrefix\":"
                + (invoicePrefix == null ? "null" : "\"" + invoicePrefix + "\"") + ",\"documentType\":\"receipt\","
                + "\"receiptPrefix\":" + (receiptPrefix == null ? "null" : "\"" + receiptPrefix + "\"") + "}");
        return event;
    }
}
