package hu.autoinvoice.local.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import hu.autoinvoice.local.LocalHttpServers;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQS stand-in: ElasticMQ embedded in this JVM on 127.0.0.1, speaking the JSON protocol of SDK v2 (redrive
 * policies, dead-letter queues, visibility changes), behind a thin front on the stand-in's port. The front passes
 * every request through to ElasticMQ (on a port of its own; queue URLs name the front) except the message move task
 * actions, which {@link MessageMoveTasks} answers as AWS does (ElasticMQ 1.7.1's own versions move messages again,
 * forget cancelled tasks and hang on a source that is no DLQ). Those three are served over the JSON protocol only; over
 * the old query protocol they are refused.
 */
final class LocalSqs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSqs.class);
    private static final String TARGET_PREFIX = "AmazonSQS.";
    /** Not forwarded: set by the HTTP client and server themselves. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "date", "expect", "host",
            "keep-alive", "transfer-encoding", "upgrade");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer front;
    private final ExecutorService executor;
    private final HttpClient forward = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final SQSRestServer server;
    private final URI elasticMq;
    private final MessageMoveTasks moveTasks;

    private LocalSqs(HttpServer front, ExecutorService executor, SQSRestServer server, URI elasticMq,
            MessageMoveTasks moveTasks) {
        this.front = front;
        this.executor = executor;
        this.server = server;
        this.elasticMq = elasticMq;
        this.moveTasks = moveTasks;
    }

    /** Starts the front on {@code port} (0 = any free port) and ElasticMQ behind it. */
    static LocalSqs start(int port, String region, String accountId) throws IOException {
        HttpServer front = LocalHttpServers.loopback(port, 0);
        SQSRestServer server;
        int bound;
        try {
            server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
                    .withServerAddress(new NodeAddress("http", "127.0.0.1", front.getAddress().getPort(), ""))
                    .withAWSRegion(region).withAWSAccountId(accountId).start();
            bound = server.waitUntilStarted().localAddress().getPort();
        } catch (RuntimeException e) {
            front.stop(0);
            throw e;
        }
        URI elasticMq = URI.create("http://127.0.0.1:" + bound);
        ExecutorService executor = LocalHttpServers.executor("sqs");
        LocalSqs sqs = new LocalSqs(front, executor, server, elasticMq, new MessageMoveTasks(elasticMq, region, accountId));
        front.setExecutor(executor);
        front.createContext("/", sqs::handle);
        front.start();
        return sqs;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + front.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String action = target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : null;
            if (action != null && MessageMoveTasks.ACTIONS.contains(action)) {
                answerMoveTask(exchange, action, body);
            } else if (target == null && MessageMoveTasks.ACTIONS.contains(queryAction(exchange, body))) {
                refuseQueryProtocol(exchange);
            } else {
                forward(exchange, body);
            }
        }
    }

    private void answerMoveTask(HttpExchange exchange, String action, byte[] body) throws IOException {
        ObjectNode reply;
        int status;
        try {
            reply = moveTasks.handle(action, body);
            status = 200;
        } catch (AwsJsonError e) {
            // as SQS answers over JSON: the shape in __type, the query-protocol code for the SDK in x-amzn-query-error
            reply = json.createObjectNode().put("__type", "com.amazonaws.sqs#" + e.type()).put("message", e.getMessage());
            exchange.getResponseHeaders().set("x-amzn-query-error", e.type() + ";Sender");
            status = e.status();
        } catch (RuntimeException e) {
            LOG.warn("{} failed inside the stand-in", action, e);
            reply = json.createObjectNode().put("__type", "com.amazonaws.sqs#InternalError").put("message", "stand-in failure");
            status = 500;
        }
        byte[] bytes = json.writeValueAsBytes(reply);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void refuseQueryProtocol(HttpExchange exchange) throws IOException {
        byte[] bytes = ("<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>The local SQS serves "
                + "the message move task actions over the JSON protocol only (AWS SDK v2, AWS CLI).</Message><Detail/></Error>"
                + "<RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(400, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** The {@code Action} of a query-protocol request (in the URL or the form body), else null. */
    private static String queryAction(HttpExchange exchange, byte[] body) {
        String form = exchange.getRequestURI().getRawQuery();
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            form = (form == null ? "" : form + "&") + new String(body, StandardCharsets.UTF_8);
        }
        if (form == null) {
            return null;
        }
        for (String pair : form.split("&")) {
            if (pair.startsWith("Action=")) {
                return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(elasticMq.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                for (String value : header.getValue()) {
                    try {
                        request.header(header.getKey(), value);
                    } catch (IllegalArgumentException e) {
                        LOG.debug("Header {} not passed on to ElasticMQ", header.getKey());
                    }
                }
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(503, -1);
            return;
        }
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":") && !HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] bytes = response.body();
        exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        try {
            moveTasks.close();
        } finally {
            front.stop(0);
            executor.shutdownNow();
            forward.shutdownNow();
            server.stopAndWait();
        }
    }
}
