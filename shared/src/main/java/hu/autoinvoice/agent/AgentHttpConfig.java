package hu.autoinvoice.agent;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the HTTP transport. The base URL is fixed here, never taken from a request or a response.
 *
 * @param baseUrl the Agent endpoint; production is {@link #PRODUCTION_URL}
 * @param connectTimeout TCP/TLS connect limit (default 5 s)
 * @param requestTimeout limit for the whole exchange after connecting (default 60 s; creates have been seen to take ~57 s)
 * @param maxSessions how many per-key cookie jars to keep (least recently used dropped first)
 */
public record AgentHttpConfig(URI baseUrl, Duration connectTimeout, Duration requestTimeout, int maxSessions) {

    /** The production Számla Agent endpoint. */
    public static final URI PRODUCTION_URL = URI.create("https://www.szamlazz.hu/szamla/");

    public AgentHttpConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        String scheme = baseUrl.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException("baseUrl must be http(s): " + baseUrl);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1");
        }
    }

    /** Defaults (5 s connect, 60 s total, 1000 sessions) for the given endpoint. */
    public static AgentHttpConfig defaults(URI baseUrl) {
        return new AgentHttpConfig(baseUrl, Duration.ofSeconds(5), Duration.ofSeconds(60), 1000);
    }

    /** Defaults against production. */
    public static AgentHttpConfig production() {
        return defaults(PRODUCTION_URL);
    }

    public AgentHttpConfig withTimeouts(Duration connect, Duration request) {
        return new AgentHttpConfig(baseUrl, connect, request, maxSessions);
    }
}
