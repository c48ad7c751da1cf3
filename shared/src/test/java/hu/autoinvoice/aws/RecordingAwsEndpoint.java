package hu.autoinvoice.aws;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback HTTP endpoint that answers every AWS JSON call with {@code {}} and records the X-Amz-Target headers. */
final class RecordingAwsEndpoint implements AutoCloseable {

    private final HttpServer server;
    private final List<String> targets = new CopyOnWriteArrayList<>();

    RecordingAwsEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                targets.add(target == null ? "(none)" : target);
                String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", contentType == null ? "application/x-amz-json-1.1" : contentType);
                exchange.getResponseHeaders().add("x-amzn-RequestId", "test");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<String> targets() {
        return List.copyOf(targets);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
