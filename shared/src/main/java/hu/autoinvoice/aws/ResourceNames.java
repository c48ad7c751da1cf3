package hu.autoinvoice.aws;

/**
 * Default names of the queue pair, the KMS key alias and the pepper secret, plus the queue's redrive budget. The
 * deployed template may name things differently; functions always read the real names from {@link AppConfig}.
 */
public final class ResourceNames {

    /** The queue the checkout backend sends purchases and refunds to. */
    public static final String INVOICE_QUEUE = "invoice-requests";

    /** Its dead-letter queue (poison messages, data errors, exhausted send budget). */
    public static final String INVOICE_DLQ = "invoice-requests-dlq";

    /**
     * {@code maxReceiveCount} of the redrive policy. Deliberately larger than the issuer's 5-send budget (docs/DESIGN.md §5.7):
     * the ledger's {@code sends} counter, not SQS, decides when retries end, so a message whose sends are exhausted is
     * dead-lettered by the issuer with a reason, and SQS only catches what the issuer never got to look at.
     */
    public static final int MAX_RECEIVE_COUNT = 10;

    /**
     * The invoice queue's visibility timeout: 6 × the issuer's 150 s timeout, as Lambda's SQS guidance asks (the
     * template's {@code VisibilityTimeout}, checked by TemplateIT).
     */
    public static final java.time.Duration VISIBILITY_TIMEOUT = java.time.Duration.ofSeconds(900);

    /** How long the invoice queue keeps a message nobody received (the template's {@code MessageRetentionPeriod}). */
    public static final java.time.Duration MESSAGE_RETENTION = java.time.Duration.ofDays(14);

    /** Alias of the KMS key that encrypts the organisers' Számla Agent keys. */
    public static final String AGENT_KEY_ALIAS = "alias/autoinvoice-agent-keys";

    /** Secrets Manager secret holding the HMAC pepper for Agent key fingerprints. */
    public static final String FINGERPRINT_PEPPER_SECRET = "autoinvoice/fingerprint-pepper";

    private ResourceNames() {}
}
