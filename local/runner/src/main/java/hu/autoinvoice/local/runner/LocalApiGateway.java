package hu.autoinvoice.local.runner;

import hu.autoinvoice.local.LocalHttpServers;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for the HTTP API in front of the connect-api function: real HTTP on 127.0.0.1, turned into the
 * {@link APIGatewayV2HTTPEvent} API Gateway sends (payload v2: route key, path parameters, lower-cased headers, body
 * base64-encoded when not text, {@code requestContext.http}, {@code requestContext.requestId}), answered from the
 * handler's {@link APIGatewayV2HTTPResponse}.
 *
 * <p><b>JWT: the signature is NOT checked locally.</b> The payload claims of an {@code Authorization: Bearer <JWT>}
 * header go into {@code requestContext.authorizer.jwt.claims} (and its {@code scope} claim into {@code scopes}) the
 * way the JWT authorizer passes them on in AWS, where it verifies the signature, issuer and audience. Locally only
 * the form and {@code exp} are checked: no or malformed header, or an expired token → 401 like the authorizer.
 * An unsigned token ({@code alg: none}) is fine.
 *
 * <p>{@code POST /_local/probe} runs the health probe now and answers its report (DESIGN §8); 501 where no probe is
 * given.
 */
public final class LocalApiGateway implements AutoCloseable {

    /**
     * Request bodies above this many bytes are refused with 413 before they are read: by {@code Content-Length}
     * without reading any of it, otherwise after reading one byte more than this.
     */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** Reserved path of the on-demand health probe. */
    public static final String PROBE_PATH = "/_local/probe";

    private static final Logger LOG = LoggerFactory.getLogger(LocalApiGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** One HTTP API route: method and path template with {@code {name}} parameters. */
    public record Route(String method, String template) {
        String routeKey() {
            return method + " " + template;
        }

        Optional<Map<String, String>> match(String requestMethod, String path) {
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
            Matcher m = Pattern.compile(regex.toString()).matcher(path);
            if (!m.matches()) {
                return Optional.empty();
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                values.put(names.get(i), java.net.URLDecoder.decode(m.group(i + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
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

    private final HttpServer server;
    private final ExecutorService executor;
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;
    private final List<Route> routes;
    private final Optional<Supplier<Map<String, Object>>> probe;

    private LocalApiGateway(HttpServer server, ExecutorService executor,
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, List<Route> routes,
            Optional<Supplier<Map<String, Object>>> probe) {
        this.server = server;
        this.executor = executor;
        this.handler = handler;
        this.routes = routes;
        this.probe = probe;
    }

    /**
     * Listens on 127.0.0.1:{@code port} (0 = any free port).
     *
     * @param probe runs the health probe and returns its report, for {@code POST /_local/probe}
     */
    public static LocalApiGateway start(int port, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
            List<Route> routes, Optional<Supplier<Map<String, Object>>> probe) throws IOException {
        Objects.requireNonNull(handler, "handler");
        HttpServer server = LocalHttpServers.loopback(port, 0);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        LocalApiGateway gateway = new LocalApiGateway(server, executor, handler, List.copyOf(routes), probe);
        server.createContext("/", gateway::serve);
        server.setExecutor(executor);
        server.start();
        return gateway;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            Optional<byte[]> read = readBody(exchange);
            if (read.isEmpty()) {
                send(exchange, 413, Map.of("content-type", "application/json", "connection", "close"),
                        "{\"message\":\"Request Entity Too Large\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] body = read.get();
            if ("POST".equals(method) && PROBE_PATH.equals(path)) {
                if (probe.isEmpty()) {
                    send(exchange, 501, Map.of("content-type", "application/json"),
                            "{\"message\":\"no health probe in this runner\"}".getBytes(StandardCharsets.UTF_8));
                } else {
                    send(exchange, 200, Map.of("content-type", "application/json"),
                            JSON.writeValueAsBytes(probe.get().get()));
                }
                return;
            }
            Optional<Map.Entry<Route, Map<String, String>>> matched = routes.stream()
                    .flatMap(r -> r.match(method, path).map(p -> Map.entry(r, p)).stream()).findFirst();
            if (matched.isEmpty()) {
                send(exchange, 404, Map.of("content-type", "application/json"), "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Optional<Map<String, String>> claims = claims(exchange.getRequestHeaders().getFirst("Authorization"));
            if (claims.isEmpty()) {
                send(exchange, 401, Map.of("content-type", "application/json", "www-authenticate", "Bearer"),
                        "{\"message\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            APIGatewayV2HTTPEvent event = event(exchange, matched.get().getKey(), matched.get().getValue(), claims.get(), body);
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
            byte[] out = response.getBody() == null ? new byte[0] : response.getIsBase64Encoded()
                    ? Base64.getDecoder().decode(response.getBody()) : response.getBody().getBytes(StandardCharsets.UTF_8);
            send(exchange, response.getStatusCode(), response.getHeaders() == null ? Map.of() : response.getHeaders(), out);
        } catch (RuntimeException e) {
            LOG.error("Local API gateway: the handler failed", e);
            send(exchange, 500, Map.of("content-type", "application/json"),
                    "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static APIGatewayV2HTTPEvent event(HttpExchange exchange, Route route, Map<String, String> pathParameters,
            Map<String, String> claims, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        URI uri = exchange.getRequestURI();
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.merge(k, v, (a, b) -> a + "," + b);
            }
        }
        boolean text = isText(headers.get("content-type"));
        String bodyText = body.length == 0 ? null
                : text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body);
        Instant now = Instant.now();
        List<String> scopes = claims.containsKey("scope")
                ? List.of(claims.get("scope").strip().split("\\s+")) : null;
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route.routeKey())
                .withRawPath(uri.getRawPath())
                .withRawQueryString(uri.getRawQuery() == null ? "" : uri.getRawQuery())
                .withHeaders(headers)
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
                        .withRequestId(UUID.randomUUID().toString())
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(exchange.getRequestMethod().toUpperCase(Locale.ROOT))
                                .withPath(uri.getRawPath())
                                .withProtocol(exchange.getProtocol())
                                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                                .withUserAgent(headers.getOrDefault("user-agent", ""))
                                .build())
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(claims).withScopes(scopes).build())
                                .build())
                        .build())
                .build();
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

    /** The body, or empty when it is larger than {@link #MAX_BODY_BYTES} (never read further than one byte past). */
    private static Optional<byte[]> readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > MAX_BODY_BYTES) {
                    return Optional.empty();
                }
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        InputStream in = exchange.getRequestBody(); // closed with the exchange
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? Optional.empty() : Optional.of(body);
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        boolean empty = body.length == 0 || status == 204 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
