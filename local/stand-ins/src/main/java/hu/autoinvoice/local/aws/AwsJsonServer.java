package hu.autoinvoice.local.aws;

import hu.autoinvoice.local.LocalHttpServers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback HTTP server speaking AWS JSON ({@code POST /}, {@code X-Amz-Target: <Prefix>.<Operation>}) for the
 * services written in this package; signatures are not checked. Several services share one port, as KMS and
 * Secrets Manager do on {@code :8070} under {@code make run}; each reply carries its service's content type (JSON 1.1,
 * or 1.0 for DynamoDB).
 */
final class AwsJsonServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AwsJsonServer.class);
    private static final String DEFAULT_CONTENT_TYPE = "application/x-amz-json-1.1";

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, AwsJsonService> services;
    private final HttpServer server;
    private final ExecutorService executor;

    private AwsJsonServer(Map<String, AwsJsonService> services, HttpServer server, ExecutorService executor) {
        this.services = services;
        this.server = server;
        this.executor = executor;
    }

    /** Binds 127.0.0.1:{@code port} (0 = any free port) and starts serving. */
    static AwsJsonServer start(int port, List<AwsJsonService> services) throws IOException {
        HttpServer http = LocalHttpServers.loopback(port, 0);
        ExecutorService executor = LocalHttpServers.executor("aws-json");
        AwsJsonServer server = new AwsJsonServer(
                services.stream().collect(Collectors.toUnmodifiableMap(AwsJsonService::targetPrefix, Function.identity())),
                http, executor);
        http.setExecutor(executor);
        http.createContext("/", server::handle);
        http.start();
        return server;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            int status;
            ObjectNode reply;
            try {
                reply = dispatch(exchange.getRequestMethod(), target, body);
                status = 200;
            } catch (AwsJsonError e) {
                reply = json.createObjectNode().put("__type", e.type());
                if (e.getMessage() != null) {
                    reply.put("message", e.getMessage());
                }
                status = e.status();
                LOG.debug("{} -> {} {}", target, status, e.type());
            } catch (RuntimeException e) {
                LOG.warn("{} failed inside the stand-in", target, e);
                reply = json.createObjectNode().put("__type", "InternalFailure").put("message", "stand-in failure");
                status = 500;
            }
            byte[] bytes = json.writeValueAsBytes(reply);
            exchange.getResponseHeaders().set("Content-Type", contentType(target));
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private String contentType(String target) {
        int dot = target == null ? -1 : target.indexOf('.');
        AwsJsonService service = dot < 0 ? null : services.get(target.substring(0, dot));
        return service == null ? DEFAULT_CONTENT_TYPE : service.contentType();
    }

    private ObjectNode dispatch(String method, String target, byte[] body) throws AwsJsonError {
        if (!"POST".equals(method)) {
            throw new AwsJsonError("UnknownOperationException", "Only POST / with X-Amz-Target is served", 404);
        }
        int dot = target == null ? -1 : target.indexOf('.');
        AwsJsonService service = dot < 0 ? null : services.get(target.substring(0, dot));
        if (service == null) {
            throw new AwsJsonError("UnknownOperationException", "Unknown X-Amz-Target " + target);
        }
        JsonNode request;
        try {
            request = body.length == 0 ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            throw new AwsJsonError("SerializationException", "Request body is not JSON");
        }
        if (request == null || !request.isObject()) {
            throw new AwsJsonError("SerializationException", "Request body is not a JSON object");
        }
        return service.handle(target.substring(dot + 1), request);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
