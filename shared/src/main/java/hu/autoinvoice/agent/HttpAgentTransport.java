package hu.autoinvoice.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real transport: {@code POST} {@code multipart/form-data} with the XML as a file part
 * ({@code name="<action>"; filename="<root>.xml"}, {@code text/xml; charset=UTF-8}) over {@link HttpClient}, no
 * redirects, no retries, one request per call. Each Agent key has its own cookie jar (the vendor's JSESSIONID);
 * the jars sit in a bounded LRU map keyed by an HMAC of the key under a per-process random secret, so neither the
 * key nor a stable fingerprint of it is held there. Thread-safe.
 */
public final class HttpAgentTransport implements AgentTransport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpAgentTransport.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AgentHttpConfig config;
    /** Built on the first request: a function whose invocation never calls the Agent skips its (TLS) setup. */
    private volatile HttpClient http;
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

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                client = http;
                if (client == null) {
                    client = HttpClient.newBuilder()
                            .connectTimeout(config.connectTimeout())
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .version(HttpClient.Version.HTTP_1_1)
                            .build();
                    http = client;
                }
            }
        }
        return client;
    }

    @Override
    public TransportOutcome send(AgentKey key, AgentRequest request) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(request, "request");
        URI uri = config.baseUrl();
        CookieManager cookies = sessionOf(key);
        String boundary = "----autoinvoice" + HexFormat.of().formatHex(randomBytes(12));
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, request)));
        try {
            cookies.get(uri, Map.of()).forEach((name, values) -> {
                if (!values.isEmpty() && ("Cookie".equalsIgnoreCase(name))) {
                    builder.header("Cookie", String.join("; ", values));
                }
            });
            HttpResponse<byte[]> response = exchange(builder.build());
            cookies.put(uri, response.headers().map());
            return new TransportOutcome.Reply(response.statusCode(), response.headers().map(), response.body());
        } catch (HttpConnectTimeoutException e) {
            LOG.warn("Agent {} connect timed out ({})", request.action(), key);
            return new TransportOutcome.TimedOut("connect timed out after " + config.connectTimeout());
        } catch (HttpTimeoutException | TimeoutException e) {
            LOG.warn("Agent {} timed out ({})", request.action(), key);
            return new TransportOutcome.TimedOut("no reply within " + config.requestTimeout());
        } catch (IOException e) {
            LOG.warn("Agent {} I/O failure ({}): {}", request.action(), key, e.getClass().getSimpleName());
            return new TransportOutcome.IoFailure(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TransportOutcome.IoFailure("interrupted while waiting for the reply");
        }
    }

    /**
     * One exchange, bounded in total: {@link HttpRequest#timeout()} alone stops at the response headers, so the
     * whole exchange (connect, headers and body) is also bounded by waiting on the future, which is cancelled on
     * expiry.
     */
    private HttpResponse<byte[]> exchange(HttpRequest request) throws IOException, InterruptedException, TimeoutException {
        CompletableFuture<HttpResponse<byte[]>> future = http().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return future.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause == null ? "exchange failed" : cause.getClass().getSimpleName(), cause);
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
