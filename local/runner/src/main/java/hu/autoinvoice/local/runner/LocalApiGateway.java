package hu.autoinvoice.local.runner;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for the HTTP API in front of the connect-api function: real HTTP on 127.0.0.1 ({@link HttpFront}),
 * turned into the {@link APIGatewayV2HTTPEvent} API Gateway sends (payload v2: route key, path parameters, lower-cased
 * headers, body base64-encoded when not text, {@code requestContext.http}, {@code requestContext.requestId}),
 * answered from the handler's {@link APIGatewayV2HTTPResponse}.
 *
 * <p>What API Gateway answers itself, before the function runs, this answers the same way, in API Gateway's shape
 * {@code {"message": …}} with {@code content-type: application/json} and an {@code apigw-requestid} header (HTTP API;
 * README "Errors"): a route it does not have → 404 {@code {"message":"Not Found"}}; no valid bearer token → 401
 * {@code {"message":"Unauthorized"}} with a {@code www-authenticate: Bearer …} header; a body above its 10 MB payload
 * quota ({@link #API_GATEWAY_MAX_PAYLOAD}, by {@code Content-Length}) → 413 {@code {"message":"Request Entity Too Large"}};
 * the function failing → 500 {@code {"message":"Internal Server Error"}}. Everything else is the function's answer.
 *
 * <p><b>JWT: the signature is NOT checked locally.</b> The payload claims of an {@code Authorization: Bearer <JWT>}
 * header go into {@code requestContext.authorizer.jwt.claims} (and its {@code scope} claim into {@code scopes}) the
 * way the JWT authorizer passes them on in AWS, where it verifies the signature, issuer and audience. Locally only
 * the form and {@code exp} are checked: no or malformed header, or an expired token → 401 like the authorizer.
 * An unsigned token ({@code alg: none}) is fine.
 *
 * <p>Request targets are taken as sent: path parameters and query parameters are percent-decoded leniently (a
 * malformed escape such as {@code %zz} or a lone {@code %} stays as it is), so the function sees them and refuses
 * them in its own error shape (400 {@code VALIDATION_FAILED}). A body is read to at most {@link #MAX_BODY_BYTES}; a
 * longer one (below the quota) reaches the function cut at one byte more, which every route that reads a body refuses
 * as too long (the connect body is at most 4096 bytes), as the function in AWS refuses the whole body.
 *
 * <p>{@code POST /_local/probe} runs the health probe now and answers its report (docs/DESIGN.md §8); 501 where no probe is
 * given.
 */
public final class LocalApiGateway implements AutoCloseable {

    /**
     * Request bodies are read to at most this many bytes (the front's memory per request); a longer one reaches the
     * handler cut at one byte more, and its connection is closed after the answer.
     */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** API Gateway's HTTP API payload quota: a request declaring a longer body is refused with 413 before routing. */
    public static final long API_GATEWAY_MAX_PAYLOAD = 10L * 1024 * 1024;

    /** Reserved path of the on-demand health probe. */
    public static final String PROBE_PATH = "/_local/probe";

    /** API Gateway's own answers (HTTP API), before or instead of the function. */
    static final String UNAUTHORIZED = "{\"message\":\"Unauthorized\"}";
    static final String NOT_FOUND = "{\"message\":\"Not Found\"}";
    static final String TOO_LARGE = "{\"message\":\"Request Entity Too Large\"}";
    static final String BAD_REQUEST = "{\"message\":\"Bad Request\"}";
    static final String INTERNAL_ERROR = "{\"message\":\"Internal Server Error\"}";

    private static final Logger LOG = LoggerFactory.getLogger(LocalApiGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** One HTTP API route: method and path template with {@code {name}} parameters. */
    public record Route(String method, String template) {
        String routeKey() {
            return method + " " + template;
        }

        /** The path parameters (leniently decoded) when {@code rawPath} (as sent) is this route's. */
        Optional<Map<String, String>> match(String requestMethod, String rawPath) {
            if (!method.equals(requestMethod)) {
                return Optional.empty();
            }
            List<String> names = new ArrayList<>();
            Matcher params = Pattern.compile("\\{([^}/]+)}").matcher(template);
            StringBuilder regex = new StringBuilder();
            int last = 0;
            while (params.find()) {
                regex.append(Pattern.quote(template.substring(last, params.start()))).append("([^/]+)");
                names.add(params.group(1));
                last = params.end();
            }
            regex.append(Pattern.quote(template.substring(last)));
            Matcher m = Pattern.compile(regex.toString()).matcher(rawPath);
            if (!m.matches()) {
                return Optional.empty();
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                values.put(names.get(i), decode(m.group(i + 1), false));
            }
            return Optional.of(values);
        }
    }

    /** The connect API's routes (template.yaml declares the same). */
    public static final List<Route> CONNECT_API_ROUTES = List.of(
            new Route("PUT", "/accounts/{accountId}/szamlazz"),
            new Route("GET", "/accounts/{accountId}/szamlazz"),
            new Route("DELETE", "/accounts/{accountId}/szamlazz"),
            new Route("POST", "/accounts/{accountId}/szamlazz/reissue"),
            new Route("GET", "/accounts/{accountId}/invoices"),
            new Route("GET", "/accounts/{accountId}/invoices/{purchaseId}"),
            new Route("GET", "/accounts/{accountId}/invoices/{purchaseId}/pdf"));

    private final HttpFront front;

    private LocalApiGateway(HttpFront front) {
        this.front = front;
    }

    /**
     * Listens on 127.0.0.1:{@code port} (0 = any free port).
     *
     * @param probe runs the health probe and returns its report, for {@code POST /_local/probe}
     */
    public static LocalApiGateway start(int port, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
            List<Route> routes, Optional<Supplier<Map<String, Object>>> probe) throws IOException {
        Objects.requireNonNull(handler, "handler");
        List<Route> routeList = List.copyOf(routes);
        return new LocalApiGateway(HttpFront.start(port, request -> serve(request, handler, routeList, probe),
                MAX_BODY_BYTES, API_GATEWAY_MAX_PAYLOAD, request -> gateway(413, TOO_LARGE, Map.of(), true),
                request -> gateway(400, BAD_REQUEST, Map.of(), true)));
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + front.port() + "/");
    }

    private static HttpFront.Answer serve(HttpFront.Request request,
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, List<Route> routes,
            Optional<Supplier<Map<String, Object>>> probe) {
        String requestId = UUID.randomUUID().toString();
        try {
            if ("POST".equals(request.method()) && PROBE_PATH.equals(request.rawPath())) {
                return probe.isEmpty()
                        ? json(501, "{\"message\":\"no health probe in this runner\"}".getBytes(StandardCharsets.UTF_8), requestId)
                        : json(200, JSON.writeValueAsBytes(probe.get().get()), requestId);
            }
            Optional<Map.Entry<Route, Map<String, String>>> matched = routes.stream()
                    .flatMap(r -> r.match(request.method(), request.rawPath()).map(p -> Map.entry(r, p)).stream())
                    .findFirst();
            if (matched.isEmpty()) {
                return gateway(404, NOT_FOUND, Map.of("apigw-requestid", requestId), false);
            }
            String authorization = request.headers().get("authorization");
            Optional<Map<String, String>> claims = claims(authorization);
            if (claims.isEmpty()) {
                return gateway(401, UNAUTHORIZED, Map.of("apigw-requestid", requestId,
                        "www-authenticate", challenge(authorization)), false);
            }
            APIGatewayV2HTTPEvent event = event(request, matched.get().getKey(), matched.get().getValue(), claims.get(),
                    requestId);
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
            byte[] out = response.getBody() == null ? new byte[0] : response.getIsBase64Encoded()
                    ? Base64.getDecoder().decode(response.getBody()) : response.getBody().getBytes(StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            if (response.getHeaders() != null) {
                response.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
            }
            headers.put("apigw-requestid", requestId);
            return new HttpFront.Answer(response.getStatusCode(), headers, out);
        } catch (RuntimeException | IOException e) {
            LOG.error("Local API gateway: the handler failed", e);
            return gateway(500, INTERNAL_ERROR, Map.of("apigw-requestid", requestId), false);
        }
    }

    /** An answer API Gateway gives itself: {@code {"message": …}}, JSON. */
    private static HttpFront.Answer gateway(int status, String body, Map<String, String> extra, boolean close) {
        Map<String, String> headers = new LinkedHashMap<>(extra);
        headers.put("content-type", "application/json");
        headers.putIfAbsent("apigw-requestid", UUID.randomUUID().toString());
        return new HttpFront.Answer(status, headers, body.getBytes(StandardCharsets.UTF_8), close);
    }

    private static HttpFront.Answer json(int status, byte[] body, String requestId) {
        return new HttpFront.Answer(status, Map.of("content-type", "application/json", "apigw-requestid", requestId), body);
    }

    /**
     * The {@code www-authenticate} of a 401 (RFC 6750, as the JWT authorizer answers): without a bearer token none
     * but the scheme; with one, {@code invalid_token} and why.
     */
    static String challenge(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "Bearer";
        }
        return "Bearer scope=\"\" error=\"invalid_token\" error_description=\"the token is not a valid unexpired JWT\"";
    }

    private static APIGatewayV2HTTPEvent event(HttpFront.Request request, Route route, Map<String, String> pathParameters,
            Map<String, String> claims, String requestId) {
        Map<String, String> query = new LinkedHashMap<>();
        if (request.rawQuery() != null) {
            for (String pair : request.rawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq), true);
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
                query.merge(k, v, (a, b) -> a + "," + b);
            }
        }
        byte[] body = request.body();
        boolean text = isText(request.headers().get("content-type"));
        String bodyText = body.length == 0 ? null
                : text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body);
        Instant now = Instant.now();
        List<String> scopes = claims.containsKey("scope")
                ? List.of(claims.get("scope").strip().split("\\s+")) : null;
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route.routeKey())
                .withRawPath(request.rawPath())
                .withRawQueryString(request.rawQuery() == null ? "" : request.rawQuery())
                .withHeaders(new LinkedHashMap<>(request.headers()))
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withPathParameters(pathParameters)
                .withBody(bodyText)
                .withIsBase64Encoded(bodyText != null && !text)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId("000000000000")
                        .withApiId("local")
                        .withDomainName("127.0.0.1")
                        .withDomainPrefix("local")
                        .withStage("$default")
                        .withRouteKey(route.routeKey())
                        .withRequestId(requestId)
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(request.method())
                                .withPath(request.rawPath())
                                .withProtocol(request.protocol())
                                .withSourceIp(request.remote().getHostAddress())
                                .withUserAgent(request.headers().getOrDefault("user-agent", ""))
                                .build())
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(claims).withScopes(scopes).build())
                                .build())
                        .build())
                .build();
    }

    /**
     * Percent-decodes leniently: a {@code %} not followed by two hex digits stays as it is, the bytes are read as
     * UTF-8; in a query {@code +} is a space, in a path it is itself. Never fails.
     */
    static String decode(String raw, boolean query) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        byte[] in = raw.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '%' && i + 2 < in.length && HexFormat.isHexDigit(in[i + 1]) && HexFormat.isHexDigit(in[i + 2])) {
                bytes.write(HexFormat.fromHexDigit(in[i + 1]) * 16 + HexFormat.fromHexDigit(in[i + 2]));
                i += 2;
            } else {
                bytes.write(query && b == '+' ? ' ' : b);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * The claims of a bearer token, flattened to strings the way API Gateway does (arrays as {@code [a b]}); empty
     * when there is no bearer token, it is not a JWT, or it has expired. The signature is not checked.
     */
    static Optional<Map<String, String>> claims(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String[] parts = authorization.substring(7).strip().split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (payload == null || !payload.isObject()) {
                return Optional.empty();
            }
            if (payload.has("exp") && payload.get("exp").isNumber()
                    && payload.get("exp").asLong() < Instant.now().getEpochSecond()) {
                return Optional.empty();
            }
            Map<String, String> claims = new LinkedHashMap<>();
            payload.fields().forEachRemaining(e -> claims.put(e.getKey(), flatten(e.getValue())));
            return Optional.of(claims);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String flatten(JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(v.isValueNode() ? v.asText() : v.toString()));
            return "[" + String.join(" ", items) + "]";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        return ct.startsWith("text/") || ct.contains("json") || ct.contains("xml") || ct.contains("javascript")
                || ct.contains("x-www-form-urlencoded");
    }

    @Override
    public void close() {
        front.close();
    }
}
