package hu.autoinvoice.issuer;

import hu.autoinvoice.aws.EnvNumbers;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.aws.ResourceNames;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Tuning of the issuer.
 *
 * @param lease how long a claim (and each create call) blocks other claimants: longer than one Agent call can take
 * @param settle after an unknown outcome, how long nobody may query or resend: a request the client gave up on may
 *     still be running at the vendor, and a query before it finishes would find nothing and lead to a duplicate
 * @param perAccountConcurrency records of one account processed at the same time within a batch
 * @param keyTtl how long a decrypted key is cached
 * @param maxReceives the queue's {@code maxReceiveCount}: on that delivery a message that would be retried goes to the
 *     DLQ with a reason ({@code RETRIES_EXHAUSTED}) instead of being moved there by SQS without one
 */
public record IssuerSettings(Duration lease, Duration settle, int perAccountConcurrency, Duration keyTtl, int maxReceives) {

    /** Env var of {@link #perAccountConcurrency}. */
    public static final String PER_ACCOUNT_CONCURRENCY_VAR = "ISSUER_PER_ACCOUNT_CONCURRENCY";
    /** Default records per account in parallel. */
    public static final int DEFAULT_PER_ACCOUNT_CONCURRENCY = 4;
    /** Safety margin added to the HTTP timeouts. */
    public static final Duration MARGIN = Duration.ofSeconds(15);

    /**
     * The least time an invocation must have left to start an Agent call: the call's own limits plus the margin for
     * the ledger writes after it (the lease covers exactly that).
     */
    public Duration callBudget() {
        return lease;
    }

    /** The lease taken before a create: the call itself plus the settle time after an unknown outcome. */
    public Duration sendLease() {
        return lease.plus(settle);
    }

    public IssuerSettings {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(settle, "settle");
        Objects.requireNonNull(keyTtl, "keyTtl");
        if (maxReceives < 1) {
            throw new IllegalArgumentException("maxReceives must be at least 1");
        }
        if (perAccountConcurrency < 1) {
            throw new IllegalArgumentException("perAccountConcurrency must be at least 1");
        }
    }

    /** Lease = connect + request timeout + margin; settle = the same; 5-minute key cache. */
    public static IssuerSettings forAgent(AgentHttpConfig http, Map<String, String> env) {
        Duration call = http.connectTimeout().plus(http.requestTimeout()).plus(MARGIN);
        int concurrency = EnvNumbers.wholeNumber(env, PER_ACCOUNT_CONCURRENCY_VAR, DEFAULT_PER_ACCOUNT_CONCURRENCY);
        return new IssuerSettings(call, call, concurrency, Duration.ofMinutes(5), ResourceNames.MAX_RECEIVE_COUNT);
    }
}
