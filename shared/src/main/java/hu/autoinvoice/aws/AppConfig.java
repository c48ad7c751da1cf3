package hu.autoinvoice.aws;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the functions need to know about their environment, read once at cold start. Every value comes from an
 * environment variable set by the SAM template (or by the local runner); a missing one fails fast, naming it.
 *
 * @param accountsTable             {@value #ACCOUNTS_TABLE_VAR}: the accounts table
 * @param invoicesTable             {@value #INVOICES_TABLE_VAR}: the invoices ledger
 * @param invoiceQueueUrl           {@value #INVOICE_QUEUE_URL_VAR}: the {@code invoice-requests} queue (backfill re-enqueues here)
 * @param invoiceDlqUrl             {@value #INVOICE_DLQ_URL_VAR}: its dead-letter queue (invalid messages go here at once)
 * @param agentKeyKmsKeyId          {@value #AGENT_KEY_KMS_KEY_ID_VAR}: KMS key id, ARN or alias encrypting Agent keys
 * @param fingerprintPepperSecretId {@value #FINGERPRINT_PEPPER_SECRET_ID_VAR}: Secrets Manager id of the fingerprint pepper
 * @param outcomeEventBus           {@value #OUTCOME_EVENT_BUS_VAR}: the EventBridge bus (name or ARN) of the outcome events
 * @param szamlaAgentUrl            {@value #SZAMLA_AGENT_URL_VAR}: the Számla Agent endpoint, default {@value #DEFAULT_SZAMLA_AGENT_URL}
 */
public record AppConfig(
        String accountsTable,
        String invoicesTable,
        String invoiceQueueUrl,
        String invoiceDlqUrl,
        String agentKeyKmsKeyId,
        String fingerprintPepperSecretId,
        String outcomeEventBus,
        URI szamlaAgentUrl) {

    public static final String ACCOUNTS_TABLE_VAR = "ACCOUNTS_TABLE";
    public static final String INVOICES_TABLE_VAR = "INVOICES_TABLE";
    public static final String INVOICE_QUEUE_URL_VAR = "INVOICE_QUEUE_URL";
    public static final String INVOICE_DLQ_URL_VAR = "INVOICE_DLQ_URL";
    public static final String AGENT_KEY_KMS_KEY_ID_VAR = "AGENT_KEY_KMS_KEY_ID";
    public static final String FINGERPRINT_PEPPER_SECRET_ID_VAR = "FINGERPRINT_PEPPER_SECRET_ID";
    public static final String OUTCOME_EVENT_BUS_VAR = "OUTCOME_EVENT_BUS";
    public static final String SZAMLA_AGENT_URL_VAR = "SZAMLA_AGENT_URL";
    public static final String DEFAULT_SZAMLA_AGENT_URL = "https://www.szamlazz.hu/szamla/";

    private static final List<String> REQUIRED = List.of(ACCOUNTS_TABLE_VAR, INVOICES_TABLE_VAR, INVOICE_QUEUE_URL_VAR,
            INVOICE_DLQ_URL_VAR, AGENT_KEY_KMS_KEY_ID_VAR, FINGERPRINT_PEPPER_SECRET_ID_VAR, OUTCOME_EVENT_BUS_VAR);

    public AppConfig {
        Objects.requireNonNull(accountsTable, "accountsTable");
        Objects.requireNonNull(invoicesTable, "invoicesTable");
        Objects.requireNonNull(invoiceQueueUrl, "invoiceQueueUrl");
        Objects.requireNonNull(invoiceDlqUrl, "invoiceDlqUrl");
        Objects.requireNonNull(agentKeyKmsKeyId, "agentKeyKmsKeyId");
        Objects.requireNonNull(fingerprintPepperSecretId, "fingerprintPepperSecretId");
        Objects.requireNonNull(outcomeEventBus, "outcomeEventBus");
        Objects.requireNonNull(szamlaAgentUrl, "szamlaAgentUrl");
    }

    /** Reads the process environment (the Lambda configuration). */
    public static AppConfig fromEnv() {
        return fromMap(System.getenv());
    }

    /**
     * Reads the given variables (blank counts as missing).
     *
     * @throws IllegalStateException naming every missing variable, or a {@value #SZAMLA_AGENT_URL_VAR} that is not an
     *                               absolute http(s) URL
     */
    public static AppConfig fromMap(Map<String, String> env) {
        List<String> missing = new ArrayList<>();
        for (String name : REQUIRED) {
            if (blank(env.get(name))) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Missing required environment variable" + (missing.size() > 1 ? "s: " : ": ")
                    + String.join(", ", missing) + " (set by template.yaml in AWS, by LocalAws locally)");
        }
        String agentUrl = blank(env.get(SZAMLA_AGENT_URL_VAR)) ? DEFAULT_SZAMLA_AGENT_URL : env.get(SZAMLA_AGENT_URL_VAR).trim();
        return new AppConfig(env.get(ACCOUNTS_TABLE_VAR).trim(), env.get(INVOICES_TABLE_VAR).trim(),
                env.get(INVOICE_QUEUE_URL_VAR).trim(), env.get(INVOICE_DLQ_URL_VAR).trim(),
                env.get(AGENT_KEY_KMS_KEY_ID_VAR).trim(), env.get(FINGERPRINT_PEPPER_SECRET_ID_VAR).trim(),
                env.get(OUTCOME_EVENT_BUS_VAR).trim(), agentUrl(agentUrl));
    }

    /** The environment variables that reproduce this configuration (the local runner hands them to functions). */
    public Map<String, String> toEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ACCOUNTS_TABLE_VAR, accountsTable);
        env.put(INVOICES_TABLE_VAR, invoicesTable);
        env.put(INVOICE_QUEUE_URL_VAR, invoiceQueueUrl);
        env.put(INVOICE_DLQ_URL_VAR, invoiceDlqUrl);
        env.put(AGENT_KEY_KMS_KEY_ID_VAR, agentKeyKmsKeyId);
        env.put(FINGERPRINT_PEPPER_SECRET_ID_VAR, fingerprintPepperSecretId);
        env.put(OUTCOME_EVENT_BUS_VAR, outcomeEventBus);
        env.put(SZAMLA_AGENT_URL_VAR, szamlaAgentUrl.toString());
        return env;
    }

    /** A copy pointing at another Számla Agent endpoint (the local simulator). */
    public AppConfig withSzamlaAgentUrl(URI url) {
        return new AppConfig(accountsTable, invoicesTable, invoiceQueueUrl, invoiceDlqUrl, agentKeyKmsKeyId,
                fingerprintPepperSecretId, outcomeEventBus, url);
    }

    /**
     * The Agent URL: {@code https://}, or {@code http://} to a loopback host only (the local simulator) — the Agent key
     * travels in the request body, so it never crosses a network in clear text.
     */
    private static URI agentUrl(String value) {
        try {
            URI uri = URI.create(value);
            if (uri.isAbsolute() && uri.getHost() != null
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && loopback(uri.getHost()))) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below without echoing the cause
        }
        throw new IllegalStateException(SZAMLA_AGENT_URL_VAR + " must be an absolute https:// URL (http:// only to "
                + "127.0.0.1 / localhost, the local simulator), got '" + value + "'");
    }

    private static boolean loopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
