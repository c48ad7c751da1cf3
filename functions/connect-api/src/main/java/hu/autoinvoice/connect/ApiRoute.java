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
record ApiRoute(Operation operation, String accountId) {

    enum Operation { CONNECT, STATUS, DISCONNECT, REISSUE }

    static final Map<String, Operation> ROUTE_KEYS = Map.of(
            "PUT /accounts/{accountId}/szamlazz", Operation.CONNECT,
            "GET /accounts/{accountId}/szamlazz", Operation.STATUS,
            "DELETE /accounts/{accountId}/szamlazz", Operation.DISCONNECT,
            "POST /accounts/{accountId}/szamlazz/reissue", Operation.REISSUE);

    private static final Pattern PATH = Pattern.compile("/accounts/([^/]+)/szamlazz(/reissue)?/?");

    static Optional<ApiRoute> of(APIGatewayV2HTTPEvent event) {
        Map<String, String> params = event.getPathParameters();
        Operation byKey = event.getRouteKey() == null ? null : ROUTE_KEYS.get(event.getRouteKey());
        if (byKey != null && params != null && params.get("accountId") != null) {
            return Optional.of(new ApiRoute(byKey, params.get("accountId")));
        }
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : null;
        String path = event.getRawPath();
        if (method == null || path == null) {
            return Optional.empty();
        }
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        String accountId = URLDecoder.decode(m.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
        boolean reissue = m.group(2) != null;
        String upper = method.toUpperCase(java.util.Locale.ROOT);
        Operation op = reissue ? ("POST".equals(upper) ? Operation.REISSUE : null) : switch (upper) {
            case "PUT" -> Operation.CONNECT;
            case "GET" -> Operation.STATUS;
            case "DELETE" -> Operation.DISCONNECT;
            default -> null;
        };
        return op == null ? Optional.empty() : Optional.of(new ApiRoute(op, accountId));
    }
}
