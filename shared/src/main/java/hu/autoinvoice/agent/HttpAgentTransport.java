package hu.autoinvoice.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real transport: {@code POST} {@code multipart/form-data} with the XML as a file part
 * ({@code name="<action>"; filename="<root>.xml"}, {@code text/xml; charset=UTF-8}) over {@link HttpURLConnection},
 * no redirects, no retries, one request per call. Each Agent key has its own cookie jar (the vendor's JSESSIONID),
 * applied by hand (the process-wide {@link java.net.CookieHandler} is never set or used for it); the jars sit in a
 * bounded LRU map keyed by an HMAC of the key under a per-process random secret, so neither the key nor a stable
 * fingerprint of it is held there. Thread-safe.
 *
 * <p>Why {@link HttpURLConnection} and not {@code java.net.http.HttpClient}: the AWS SDK's url-connection client
 * has already loaded it in every function, while {@code HttpClient} costs a cold start ~250 classes of its own plus
 * an eagerly built TLS context (issue 8). What the switch must not lose:
 * <ul>
 *   <li><b>Exactly one send.</b> The body goes in fixed-length streaming mode: in that mode the JDK never resends a
 *       request whose reply failed (by default it silently retries a buffered {@code POST} once,
 *       {@code sun.net.http.retryPost}), and never follows a redirect or an authentication challenge.</li>
 *   <li><b>A total deadline.</b> The read timeout limits each wait for data, not the whole exchange, so the exchange
 *       runs on a virtual thread and the caller waits for it at most {@link AgentHttpConfig#requestTimeout()} (from
 *       before connecting to the last body byte), as the {@code HttpClient} version did; on expiry the worker is
 *       interrupted, which closes a virtual thread's socket and ends the exchange. The read timeout is the same
 *       budget, so even a worker that missed the interrupt stops by itself.</li>
 *   <li><b>Failures as values, classified as before:</b> a connect timeout and no complete reply in time are
 *       {@link TransportOutcome.TimedOut}; any other I/O failure, a reply cut short of its {@code Content-Length}
 *       included, is an {@link TransportOutcome.IoFailure}. Both mean "the vendor may have done the work".</li>
 *   <li><b>Keep-alive.</b> A complete reply body is read to its end and closed, which returns the connection to the
 *       JDK's keep-alive cache; after any failure the connection is disconnected (closed), never reused.</li>
 * </ul>
 */
public final class HttpAgentTransport implements AgentTransport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpAgentTransport.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AgentHttpConfig config;
    /** The endpoint as a URL, made on the first request (nothing is built at construction). */
    private volatile URL url;
    private final byte[] sessionSecret = new byte[32];
    private final Map<String, CookieManager> sessions;

    public HttpAgentTransport(AgentHttpConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        RANDOM.nextBytes(sessionSecret);
        int max = config.maxSessions();
        this.sessions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CookieManager> eldest) {
                return size() > max;
            }
        };
    }

    private URL url() throws IOException {
        URL u = url;
        if (u == null) {
            u = config.baseUrl().toURL();
            url = u;
        }
        return u;
    }

    @Override
    public TransportOutcome send(AgentKey key, AgentRequest request) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(request, "request");
        CookieManager cookies = sessionOf(key);
        String boundary = "----autoinvoice" + HexFormat.of().formatHex(randomBytes(12));
        byte[] body = multipart(boundary, request);
        FutureTask<TransportOutcome.Reply> exchange = new FutureTask<>(() -> exchange(cookies, boundary, body));
        try {
            Thread.ofVirtual().name("agent-http").start(exchange);
            return exchange.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            LOG.warn("Agent {} timed out ({})", request.action(), key);
            return new TransportOutcome.TimedOut("no reply within " + config.requestTimeout());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return new TransportOutcome.IoFailure("interrupted while waiting for the reply");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConnectTimedOut) {
                LOG.warn("Agent {} connect timed out ({})", request.action(), key);
                return new TransportOutcome.TimedOut("connect timed out after " + config.connectTimeout());
            }
            if (cause instanceof SocketTimeoutException) {
                LOG.warn("Agent {} timed out ({})", request.action(), key);
                return new TransportOutcome.TimedOut("no reply within " + config.requestTimeout());
            }
            String name = cause == null ? "IOException" : cause.getClass().getSimpleName();
            LOG.warn("Agent {} I/O failure ({}): {}", request.action(), key, name);
            return new TransportOutcome.IoFailure(name
                    + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
    }

    /** One exchange on one connection; runs on its own virtual thread (see the class comment). */
    private TransportOutcome.Reply exchange(CookieManager cookies, String boundary, byte[] body) throws IOException {
        URI uri = config.baseUrl();
        HttpURLConnection connection = (HttpURLConnection) url().openConnection();
        boolean complete = false;
        try {
            connection.setConnectTimeout(millis(config.connectTimeout().toMillis()));
            connection.setReadTimeout(millis(config.requestTimeout().toMillis()));
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setDoOutput(true);
            connection.setRequestMethod("POST");
            connection.setFixedLengthStreamingMode(body.length);
            connection.setRequestProperty("Content-Type", "multipart/form-data; boundary=" + boundary);
            connection.setRequestProperty("Accept", "*/*");
            List<String> session = cookies.get(uri, Map.of()).getOrDefault("Cookie", List.of());
            if (!session.isEmpty()) {
                connection.setRequestProperty("Cookie", String.join("; ", session));
            }
            try {
                connection.connect();
            } catch (SocketTimeoutException e) {
                throw new ConnectTimedOut();
            }
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            if (status < 100) {
                throw new IOException("not an HTTP reply");
            }
            Map<String, List<String>> headers = headers(connection);
            cookies.put(uri, headers);
            byte[] reply = readBody(connection, status);
            complete = true;
            return new TransportOutcome.Reply(status, headers, reply);
        } finally {
            if (!complete) {
                connection.disconnect();
            }
        }
    }

    /**
     * Most bytes of one reply read: an invoice PDF is a few hundred KB; a reply beyond this is no Agent answer we can
     * use, and reading it whole could exhaust the function's memory. Over it → an I/O failure (outcome unknown).
     */
    static final int MAX_REPLY_BYTES = 16 * 1024 * 1024;

    /**
     * The whole body (the error stream for 4xx/5xx), at most {@link #MAX_REPLY_BYTES}, closed after its end so the
     * connection can be reused.
     */
    private static byte[] readBody(HttpURLConnection connection, int status) throws IOException {
        byte[] bytes;
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            bytes = in == null ? new byte[0] : in.readNBytes(MAX_REPLY_BYTES + 1);
        }
        if (bytes.length > MAX_REPLY_BYTES) {
            connection.disconnect(); // the rest is never read: this connection cannot be reused
            throw new IOException("reply larger than " + MAX_REPLY_BYTES + " bytes");
        }
        long expected = connection.getContentLengthLong();
        if (expected >= 0 && bytes.length < expected) {
            throw new IOException("reply cut off after " + bytes.length + " of " + expected + " bytes");
        }
        return bytes;
    }

    /** The response headers in the order received, names lower-cased (the status line left out). */
    private static Map<String, List<String>> headers(HttpURLConnection connection) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; ; i++) {
            String value = connection.getHeaderField(i);
            String name = connection.getHeaderFieldKey(i);
            if (value == null && name == null) {
                return headers;
            }
            if (name != null && value != null) {
                headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>(1)).add(value);
            }
        }
    }

    private static int millis(long millis) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }

    /** The TCP (or TLS) connect did not complete within the connect timeout: nothing was sent. */
    private static final class ConnectTimedOut extends IOException {
        ConnectTimedOut() {
            super("connect timed out");
        }
    }

    /** How many per-key sessions are held (for tests and metrics). */
    public int sessionCount() {
        synchronized (sessions) {
            return sessions.size();
        }
    }

    private CookieManager sessionOf(AgentKey key) {
        String id = sessionId(key);
        synchronized (sessions) {
            return sessions.computeIfAbsent(id, ignored -> new CookieManager(null, CookiePolicy.ACCEPT_ORIGINAL_SERVER));
        }
    }

    private String sessionId(AgentKey key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sessionSecret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(key.reveal().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static byte[] multipart(String boundary, AgentRequest request) {
        AgentAction action = request.action();
        ByteArrayOutputStream out = new ByteArrayOutputStream(request.xml().length + 256);
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + action.fieldName() + "\"; filename=\"" + action.fileName() + "\"\r\n"
                + "Content-Type: text/xml; charset=UTF-8\r\n"
                + "\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(request.xml());
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

}
