package hu.autoinvoice.connect;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which route an event is for, and its {@code accountId}. Uses the route key and path parameters API Gateway sets
 * for explicit routes; for a {@code $default} route (or a hand-written event) falls back to method + raw path.
 */
record ApiRoute(Operation operation, String accountId, Optional<String> purchaseId) {

    enum Operation {
        CONNECT, STATUS, DISCONNECT, REISSUE, LIST_INVOICES, GET_INVOICE, GET_INVOICE_PDF;

        /** The account's request budget this route counts against ({@link TenantThrottle}). */
        RateClass rateClass() {
            return switch (this) {
                case STATUS, LIST_INVOICES, GET_INVOICE -> RateClass.READ;
                case CONNECT, DISCONNECT, REISSUE, GET_INVOICE_PDF -> RateClass.WRITE;
            };
        }

        /** The route names one purchase ({@code {purchaseId}}). */
        boolean perPurchase() {
            return this == GET_INVOICE || this == GET_INVOICE_PDF;
        }
    }

    static final Map<String, Operation> ROUTE_KEYS = Map.of(
            "PUT /accounts/{accountId}/szamlazz", Operation.CONNECT,
            "GET /accounts/{accountId}/szamlazz", Operation.STATUS,
            "DELETE /accounts/{accountId}/szamlazz", Operation.DISCONNECT,
            "POST /accounts/{accountId}/szamlazz/reissue", Operation.REISSUE,
            "GET /accounts/{accountId}/invoices", Operation.LIST_INVOICES,
            "GET /accounts/{accountId}/invoices/{purchaseId}", Operation.GET_INVOICE,
            "GET /accounts/{accountId}/invoices/{purchaseId}/pdf", Operation.GET_INVOICE_PDF);

    private static final Pattern PATH = Pattern.compile("/accounts/([^/]+)/szamlazz(/reissue)?/?");
    private static final Pattern INVOICES = Pattern.compile("/accounts/([^/]+)/invoices(?:/([^/]+)(/pdf)?)?/?");

    static Optional<ApiRoute> of(APIGatewayV2HTTPEvent event) {
        Map<String, String> params = event.getPathParameters();
        Operation byKey = event.getRouteKey() == null ? null : ROUTE_KEYS.get(event.getRouteKey());
        if (byKey != null && params != null && params.get("accountId") != null
                && (params.get("purchaseId") != null || !byKey.perPurchase())) {
            return Optional.of(new ApiRoute(byKey, params.get("accountId"), Optional.ofNullable(params.get("purchaseId"))));
        }
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : null;
        String path = event.getRawPath();
        if (method == null || path == null) {
            return Optional.empty();
        }
        String upper = method.toUpperCase(java.util.Locale.ROOT);
        Matcher invoices = INVOICES.matcher(path);
        if (invoices.matches()) {
            if (!"GET".equals(upper)) {
                return Optional.empty();
            }
            Optional<String> purchaseId = Optional.ofNullable(invoices.group(2)).map(ApiRoute::decode);
            Operation op = purchaseId.isEmpty() ? Operation.LIST_INVOICES
                    : invoices.group(3) != null ? Operation.GET_INVOICE_PDF : Operation.GET_INVOICE;
            return Optional.of(new ApiRoute(op, decode(invoices.group(1)), purchaseId));
        }
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        String accountId = decode(m.group(1));
        boolean reissue = m.group(2) != null;
        Operation op = reissue ? ("POST".equals(upper) ? Operation.REISSUE : null) : switch (upper) {
            case "PUT" -> Operation.CONNECT;
            case "GET" -> Operation.STATUS;
            case "DELETE" -> Operation.DISCONNECT;
            default -> null;
        };
        return op == null ? Optional.empty() : Optional.of(new ApiRoute(op, accountId, Optional.empty()));
    }

    /**
     * A path segment percent-decoded; a malformed escape ({@code %zz}, a lone {@code %}) leaves the segment as sent,
     * which the id rule then refuses (400), never an exception. (API Gateway passes explicit routes' path parameters
     * decoded; this is the {@code $default} / hand-written event's path.)
     */
    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return segment;
        }
    }
}
