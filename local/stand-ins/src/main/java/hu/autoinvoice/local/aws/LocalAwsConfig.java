package hu.autoinvoice.local.aws;

import hu.autoinvoice.aws.ResourceNames;
import hu.autoinvoice.aws.Tables;
import java.time.Duration;
import java.util.Objects;

/**
 * How to start {@link LocalAws} and what {@link LocalAws#createResources()} creates. Ports 0 mean "any free port"
 * (tests); {@code make run} uses {@link #MAKE_RUN_SQS_PORT}, {@link #MAKE_RUN_DYNAMODB_PORT} and
 * {@link #MAKE_RUN_KMS_PORT}. Everything binds 127.0.0.1 only. The DynamoDB stand-in is dynalite unless
 * {@link DynamoDbBackend#fromEnvironment()} (system property {@value DynamoDbBackend#PROPERTY}, environment variable
 * {@value DynamoDbBackend#ENV}) or {@link #withDynamoDbBackend} says otherwise.
 *
 * @param region            AWS region the stand-ins pretend to be in (ARNs, queue URLs)
 * @param accountId         AWS account id in ARNs
 * @param sqsPort           ElasticMQ port
 * @param dynamoDbPort      DynamoDB stand-in port
 * @param kmsPort           port of the KMS + Secrets Manager server
 * @param accountsTable     accounts table name
 * @param invoicesTable     invoices ledger name
 * @param queueName         the purchase queue
 * @param dlqName           its dead-letter queue
 * @param maxReceiveCount   redrive policy receive count
 * @param visibilityTimeout the queue's default visibility timeout
 * @param kmsAlias          alias of the Agent key encryption key
 * @param pepperSecretName  name of the fingerprint pepper secret
 * @param dynamoDbBackend   which DynamoDB stand-in serves {@code dynamoDbPort}
 */
public record LocalAwsConfig(
        String region,
        String accountId,
        int sqsPort,
        int dynamoDbPort,
        int kmsPort,
        String accountsTable,
        String invoicesTable,
        String queueName,
        String dlqName,
        int maxReceiveCount,
        Duration visibilityTimeout,
        String kmsAlias,
        String pepperSecretName,
        DynamoDbBackend dynamoDbBackend) {

    /** The DynamoDB stand-in: dynalite (Node child process, the tests' default) or {@link FakeDynamoDb} in this JVM. */
    public enum DynamoDbBackend {
        DYNALITE("dynalite"), IN_JVM("in-jvm");

        /** System property choosing the backend of {@link #defaults()}: {@code dynalite} or {@code in-jvm}. */
        public static final String PROPERTY = "autoinvoice.dynamodb";
        /** Environment variable doing the same (the system property wins). */
        public static final String ENV = "AUTOINVOICE_DYNAMODB";

        private final String label;

        DynamoDbBackend(String label) {
            this.label = label;
        }

        /** {@code dynalite} or {@code in-jvm}. */
        public String label() {
            return label;
        }

        /** {@code dynalite} or {@code in-jvm} (case-insensitive; {@code in_jvm} and {@code injvm} too). */
        public static DynamoDbBackend parse(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            return switch (v) {
                case "dynalite" -> DYNALITE;
                case "in-jvm", "injvm" -> IN_JVM;
                default -> throw new IllegalArgumentException("DynamoDB backend must be dynalite or in-jvm, not " + value);
            };
        }

        /** From {@value #PROPERTY} or {@value #ENV}; {@link #DYNALITE} when neither is set. */
        public static DynamoDbBackend fromEnvironment() {
            String value = System.getProperty(PROPERTY);
            if (value == null || value.isBlank()) {
                value = System.getenv(ENV);
            }
            return value == null || value.isBlank() ? DYNALITE : parse(value);
        }
    }

    /** Region of the stand-ins: Frankfurt, the usual home of Hungarian workloads. */
    public static final String DEFAULT_REGION = "eu-central-1";
    /** The placeholder account id LocalStack and ElasticMQ use. */
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";
    public static final int MAKE_RUN_SQS_PORT = 9324;
    public static final int MAKE_RUN_DYNAMODB_PORT = 8000;
    public static final int MAKE_RUN_KMS_PORT = 8070;
    /**
     * Local visibility timeout. In AWS it is at least 6 × the issuer's function timeout (docs/DESIGN.md §5.7); locally a short
     * one makes retries observable without waiting minutes.
     */
    public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(30);

    public LocalAwsConfig {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(accountsTable, "accountsTable");
        Objects.requireNonNull(invoicesTable, "invoicesTable");
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(dlqName, "dlqName");
        Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
        Objects.requireNonNull(kmsAlias, "kmsAlias");
        Objects.requireNonNull(pepperSecretName, "pepperSecretName");
        Objects.requireNonNull(dynamoDbBackend, "dynamoDbBackend");
        for (int port : new int[] {sqsPort, dynamoDbPort, kmsPort}) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Port out of range: " + port);
            }
        }
        if (maxReceiveCount < 1) {
            throw new IllegalArgumentException("maxReceiveCount must be at least 1");
        }
    }

    /** Ephemeral ports, the default resource names and the DynamoDB backend of {@link DynamoDbBackend#fromEnvironment()}. */
    public static LocalAwsConfig defaults() {
        return new LocalAwsConfig(DEFAULT_REGION, DEFAULT_ACCOUNT_ID, 0, 0, 0,
                Tables.DEFAULT_ACCOUNTS_TABLE, Tables.DEFAULT_INVOICES_TABLE,
                ResourceNames.INVOICE_QUEUE, ResourceNames.INVOICE_DLQ, ResourceNames.MAX_RECEIVE_COUNT,
                DEFAULT_VISIBILITY_TIMEOUT, ResourceNames.AGENT_KEY_ALIAS, ResourceNames.FINGERPRINT_PEPPER_SECRET,
                DynamoDbBackend.fromEnvironment());
    }

    /** The fixed, documented ports of {@code make run}. */
    public static LocalAwsConfig makeRun() {
        return defaults().withPorts(MAKE_RUN_SQS_PORT, MAKE_RUN_DYNAMODB_PORT, MAKE_RUN_KMS_PORT);
    }

    /** A copy with other ports (0 = any free port). */
    public LocalAwsConfig withPorts(int sqs, int dynamoDb, int kms) {
        return new LocalAwsConfig(region, accountId, sqs, dynamoDb, kms, accountsTable, invoicesTable, queueName, dlqName,
                maxReceiveCount, visibilityTimeout, kmsAlias, pepperSecretName, dynamoDbBackend);
    }

    /** A copy with another default visibility timeout for the purchase queue. */
    public LocalAwsConfig withVisibilityTimeout(Duration timeout) {
        return new LocalAwsConfig(region, accountId, sqsPort, dynamoDbPort, kmsPort, accountsTable, invoicesTable, queueName,
                dlqName, maxReceiveCount, timeout, kmsAlias, pepperSecretName, dynamoDbBackend);
    }

    /** A copy with another DynamoDB stand-in. */
    public LocalAwsConfig withDynamoDbBackend(DynamoDbBackend backend) {
        return new LocalAwsConfig(region, accountId, sqsPort, dynamoDbPort, kmsPort, accountsTable, invoicesTable, queueName,
                dlqName, maxReceiveCount, visibilityTimeout, kmsAlias, pepperSecretName, backend);
    }
}
