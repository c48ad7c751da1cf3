package hu.autoinvoice.connect;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import hu.autoinvoice.json.JsonValues;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP API (payload format 2.0) event and answer as the Lambda runtime passes them to a stream handler: the
 * event's JSON into {@link APIGatewayV2HTTPEvent} (the fields the API sends, JWT claims as text as API Gateway gives
 * them), {@link APIGatewayV2HTTPResponse} into the JSON API Gateway reads (null fields left out).
 */
final class HttpApiJson {

    private HttpApiJson() {}

    static APIGatewayV2HTTPEvent read(InputStream in) throws IOException {
        Map<String, Object> json = JsonValues.object(JsonValues.read(in));
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion(JsonValues.text(json, "version"));
        event.setRouteKey(JsonValues.text(json, "routeKey"));
        event.setRawPath(JsonValues.text(json, "rawPath"));
        event.setRawQueryString(JsonValues.text(json, "rawQueryString"));
        event.setCookies(JsonValues.textList(json, "cookies"));
        event.setHeaders(JsonValues.textMap(json, "headers"));
        event.setQueryStringParameters(JsonValues.textMap(json, "queryStringParameters"));
        event.setPathParameters(JsonValues.textMap(json, "pathParameters"));
        event.setStageVariables(JsonValues.textMap(json, "stageVariables"));
        event.setBody(JsonValues.text(json, "body"));
        event.setIsBase64Encoded(Boolean.TRUE.equals(json.get("isBase64Encoded")));
        if (json.get("requestContext") instanceof Map<?, ?>) {
            event.setRequestContext(requestContext(JsonValues.object(json.get("requestContext"))));
        }
        return event;
    }

    private static APIGatewayV2HTTPEvent.RequestContext requestContext(Map<String, Object> json) {
        var context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setRouteKey(JsonValues.text(json, "routeKey"));
        context.setAccountId(JsonValues.text(json, "accountId"));
        context.setStage(JsonValues.text(json, "stage"));
        context.setApiId(JsonValues.text(json, "apiId"));
        context.setDomainName(JsonValues.text(json, "domainName"));
        context.setDomainPrefix(JsonValues.text(json, "domainPrefix"));
        context.setTime(JsonValues.text(json, "time"));
        if (json.get("timeEpoch") instanceof Number epoch) {
            context.setTimeEpoch(epoch.longValue());
        }
        context.setRequestId(JsonValues.text(json, "requestId"));
        if (json.get("http") instanceof Map<?, ?>) {
            Map<String, Object> h = JsonValues.object(json.get("http"));
            var http = new APIGatewayV2HTTPEvent.RequestContext.Http();
            http.setMethod(JsonValues.text(h, "method"));
            http.setPath(JsonValues.text(h, "path"));
            http.setProtocol(JsonValues.text(h, "protocol"));
            http.setSourceIp(JsonValues.text(h, "sourceIp"));
            http.setUserAgent(JsonValues.text(h, "userAgent"));
            context.setHttp(http);
        }
        if (json.get("authorizer") instanceof Map<?, ?>) {
            Map<String, Object> a = JsonValues.object(json.get("authorizer"));
            var authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
            if (a.get("jwt") instanceof Map<?, ?>) {
                Map<String, Object> j = JsonValues.object(a.get("jwt"));
                var jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
                jwt.setClaims(JsonValues.textMap(j, "claims"));
                jwt.setScopes(JsonValues.textList(j, "scopes"));
                authorizer.setJwt(jwt);
            }
            if (a.get("lambda") instanceof Map<?, ?>) {
                authorizer.setLambda(JsonValues.object(a.get("lambda")));
            }
            context.setAuthorizer(authorizer);
        }
        return context;
    }

    static void write(APIGatewayV2HTTPResponse response, OutputStream out) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("statusCode", response.getStatusCode());
        json.put("headers", response.getHeaders());
        json.put("multiValueHeaders", response.getMultiValueHeaders());
        json.put("cookies", response.getCookies());
        json.put("body", response.getBody());
        json.put("isBase64Encoded", response.getIsBase64Encoded());
        json.values().removeIf(java.util.Objects::isNull);
        JsonValues.write(json, out);
    }
}
