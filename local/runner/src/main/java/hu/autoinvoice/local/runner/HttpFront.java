package hu.autoinvoice.local.runner;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 server of {@link LocalApiGateway}: just enough HTTP for an API front on 127.0.0.1, written here so that
 * every request gets an answer in the API's shapes. The JDK's {@code HttpServer} refuses a request target that is not a
 * valid {@link java.net.URI} ({@code /accounts/%zz/…}, {@code ?cursor=%}, {@code |}) with an HTML page of its own
 * before any handler runs; here the target is taken as sent (raw path, raw query) and the gateway decides.
 *
 * <p>What it does: keep-alive connections (HTTP/1.0 and {@code Connection: close} close), {@code Content-Length} and
 * chunked request bodies, {@code Expect: 100-continue}, {@code HEAD} answers without a body. Bodies are read to at
 * most {@code bodyLimit} bytes: a longer one reaches the handler cut at {@code bodyLimit + 1} bytes ({@link Request#cut()})
 * and the connection is closed after the answer (the rest is never read); a declared length above
 * {@code refuseAbove} is answered by {@code tooLarge} at once, nothing of it read. A malformed request (request line,
 * header, chunk size, {@code Content-Length}) is answered by {@code badRequest} and the connection closed.
 */
final class HttpFront implements AutoCloseable {

    /** One request: method (upper case), raw path and query (as sent, not decoded), lower-cased headers, body. */
    record Request(String method, String rawPath, String rawQuery, String protocol, Map<String, String> headers,
            byte[] body, boolean cut, InetAddress remote) {}

    /** One answer: status, headers (lower-case names), body; {@code close} closes the connection after it. */
    record Answer(int status, Map<String, String> headers, byte[] body, boolean close) {
        Answer {
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
        }

        Answer(int status, Map<String, String> headers, byte[] body) {
            this(status, headers, body, false);
        }
    }

    /** The longest request head (request line and headers) read. */
    static final int MAX_HEAD_BYTES = 32 * 1024;

    /** A connection silent this long (between requests or within one) is closed. */
    static final int IDLE_TIMEOUT_MS = 120_000;

    private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(100, "Continue"), Map.entry(200, "OK"),
            Map.entry(204, "No Content"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(409, "Conflict"),
            Map.entry(413, "Request Entity Too Large"), Map.entry(422, "Unprocessable Entity"),
            Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Function<Request, Answer> handler;
    private final int bodyLimit;
    private final long refuseAbove;
    private final Function<Request, Answer> tooLarge;
    private final Function<Request, Answer> badRequest;

    private HttpFront(ServerSocket server, Function<Request, Answer> handler, int bodyLimit, long refuseAbove,
            Function<Request, Answer> tooLarge, Function<Request, Answer> badRequest) {
        this.server = server;
        this.handler = handler;
        this.bodyLimit = bodyLimit;
        this.refuseAbove = refuseAbove;
        this.tooLarge = tooLarge;
        this.badRequest = badRequest;
    }

    /**
     * Listens on 127.0.0.1:{@code port} (0 = any free port) and serves every connection on a virtual thread.
     *
     * @param tooLarge the answer to a declared body above {@code refuseAbove} bytes
     * @param badRequest the answer to a request that is not HTTP/1.1 (its fields may be empty)
     */
    static HttpFront start(int port, Function<Request, Answer> handler, int bodyLimit, long refuseAbove,
            Function<Request, Answer> tooLarge, Function<Request, Answer> badRequest) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        HttpFront front = new HttpFront(server, handler, bodyLimit, refuseAbove, tooLarge, badRequest);
        Thread.ofPlatform().daemon().name("local-api-front-" + server.getLocalPort()).start(front::accept);
        return front;
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                connections.execute(() -> serve(socket));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("Local API front: accept failed: {}", e.toString());
                }
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                return;
            }
        }
    }

    /** Not HTTP as this front reads it: answered with {@code badRequest}, then the connection is closed. */
    private static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true); // as LocalHttpServers sets for the JDK's server: no delayed-ACK wait per reply
            socket.setSoTimeout(IDLE_TIMEOUT_MS);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            while (true) {
                Request request;
                Answer answer;
                try {
                    request = read(in, out, socket.getInetAddress());
                    if (request == null) {
                        return; // the client closed between requests
                    }
                    answer = request.body() == null ? tooLarge.apply(request) : handler.apply(request);
                } catch (Malformed e) {
                    request = new Request("", "", null, "HTTP/1.1", Map.of(), new byte[0], false, socket.getInetAddress());
                    answer = badRequest.apply(request);
                    write(out, request, answer, true);
                    return;
                }
                boolean close = answer.close() || request.cut() || request.body() == null || closes(request);
                write(out, request, answer, close);
                if (close) {
                    return;
                }
            }
        } catch (SocketException closed) {
            // the client went away, or the front is closing
        } catch (IOException e) {
            LOG.debug("Local API front: connection ended: {}", e.toString());
        } finally {
            open.remove(socket);
        }
    }

    /** The next request, or null at a clean end of the connection; a declared body above the limit reads as null body. */
    private Request read(InputStream in, OutputStream out, InetAddress remote) throws IOException, Malformed {
        String requestLine;
        do {
            requestLine = line(in, MAX_HEAD_BYTES);
            if (requestLine == null) {
                return null;
            }
        } while (requestLine.isEmpty()); // RFC 9112 §2.2: empty lines before a request line are ignored
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || !parts[2].startsWith("HTTP/1.")) {
            throw new Malformed("request line");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int headBytes = requestLine.length();
        for (String header = line(in, MAX_HEAD_BYTES); ; header = line(in, MAX_HEAD_BYTES)) {
            if (header == null) {
                throw new Malformed("connection closed in the head");
            }
            if (header.isEmpty()) {
                break;
            }
            headBytes += header.length();
            int colon = header.indexOf(':');
            if (colon <= 0 || headBytes > MAX_HEAD_BYTES) {
                throw new Malformed("header");
            }
            headers.merge(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip(),
                    (a, b) -> a + "," + b);
        }
        String target = parts[1];
        if (target.startsWith("http://") || target.startsWith("https://")) { // absolute form: keep path and query
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            target = slash < 0 ? "/" : target.substring(slash);
        }
        int hash = target.indexOf('#');
        target = hash < 0 ? target : target.substring(0, hash);
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        String rawQuery = question < 0 ? null : target.substring(question + 1);
        String method = parts[0].toUpperCase(Locale.ROOT);

        boolean chunked = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked");
        String length = headers.get("content-length");
        long declared = 0;
        if (!chunked && length != null) {
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                throw new Malformed("content-length");
            }
            if (declared < 0) {
                throw new Malformed("content-length");
            }
            if (declared > refuseAbove) {
                return new Request(method, rawPath, rawQuery, parts[2], headers, null, false, remote);
            }
        }
        if ((chunked || declared > 0) && "100-continue".equalsIgnoreCase(headers.getOrDefault("expect", ""))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        byte[] body;
        if (chunked) {
            body = chunked(in);
        } else {
            body = in.readNBytes((int) Math.min(declared, bodyLimit + 1L));
            if (body.length < Math.min(declared, bodyLimit + 1L)) {
                throw new Malformed("connection closed in the body");
            }
        }
        return new Request(method, rawPath, rawQuery, parts[2], headers, body, body.length > bodyLimit, remote);
    }

    /** A chunked body, decoded; stops (cut) once more than {@code bodyLimit} bytes were read. */
    private byte[] chunked(InputStream in) throws IOException, Malformed {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in, 1024);
            if (sizeLine == null) {
                throw new Malformed("connection closed in a chunk");
            }
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new Malformed("chunk size");
            }
            if (size < 0) {
                throw new Malformed("chunk size");
            }
            if (size == 0) {
                for (String trailer = line(in, MAX_HEAD_BYTES); trailer != null && !trailer.isEmpty();
                        trailer = line(in, MAX_HEAD_BYTES)) {
                    // trailers are not passed on
                }
                return body.toByteArray();
            }
            long room = bodyLimit + 1L - body.size();
            byte[] chunk = in.readNBytes((int) Math.min(size, room));
            body.writeBytes(chunk);
            if (body.size() > bodyLimit) {
                return body.toByteArray(); // cut: the rest is never read
            }
            if (chunk.length < size || line(in, 16) == null) {
                throw new Malformed("connection closed in a chunk");
            }
        }
    }

    /** One line without its CR LF (a bare LF ends one too); null at the end of the stream before any byte. */
    private static String line(InputStream in, int max) throws IOException, Malformed {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= max) {
                throw new Malformed("line too long");
            }
            line.write(b);
        }
        if (line.size() > 0) {
            throw new Malformed("connection closed in a line");
        }
        return null;
    }

    private static boolean closes(Request request) {
        String connection = request.headers().getOrDefault("connection", "").toLowerCase(Locale.ROOT);
        return request.protocol().equals("HTTP/1.0") ? !connection.contains("keep-alive") : connection.contains("close");
    }

    private static void write(OutputStream out, Request request, Answer answer, boolean close) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(answer.status()).append(' ')
                .append(REASONS.getOrDefault(answer.status(), "Status")).append("\r\n");
        head.append("date: ").append(DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        answer.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("connection")
                    && !name.equalsIgnoreCase("transfer-encoding")) {
                head.append(name).append(": ").append(value.replaceAll("[\\r\\n]", " ")).append("\r\n");
            }
        });
        boolean noBody = answer.status() == 204 || answer.status() == 304 || answer.status() < 200;
        if (!noBody) {
            head.append("content-length: ").append(answer.body().length).append("\r\n");
        }
        head.append("connection: ").append(close ? "close" : "keep-alive").append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!noBody && !"HEAD".equals(request.method())) {
            out.write(answer.body());
        }
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("Local API front: close: {}", e.toString());
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        connections.shutdownNow();
    }
}
