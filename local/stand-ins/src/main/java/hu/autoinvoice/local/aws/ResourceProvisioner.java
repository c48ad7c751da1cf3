package hu.autoinvoice.local.aws;

import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.aws.Tables;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the application's AWS resources through ordinary SDK calls, so the same code works against the stand-ins
 * and against LocalStack: the queue pair with its redrive policy, both tables ({@link Tables}), a symmetric KMS key
 * with its alias, the fingerprint pepper secret with a fresh random value, and the EventBridge bus of the outcome
 * events.
 */
public final class ResourceProvisioner {

    /** How long a dead-lettered message is kept (the SQS maximum, 14 days). */
    static final Duration DLQ_RETENTION = Duration.ofDays(14);

    /** The outcome events' bus (the template's {@code OutcomeEventBus}). */
    public static final String EVENT_BUS_NAME = "autoinvoice-outcomes";

    private static final SecureRandom RANDOM = new SecureRandom();

    private ResourceProvisioner() {}

    /** Creates everything named in {@code config}. Not idempotent: tables and the alias exist afterwards. */
    public static LocalResources provision(AwsClients clients, LocalAwsConfig config) {
        QueuePair queues = createQueueWithDlq(clients.sqs(), config.queueName(), config.dlqName(),
                config.maxReceiveCount(), config.visibilityTimeout());
        createTable(clients.dynamoDb(), Tables.accounts(config.accountsTable()).build());
        createTable(clients.dynamoDb(), Tables.invoices(config.invoicesTable()).build());
        KeyMetadata key = clients.kms().createKey(b -> b.description("Autoinvoice Számla Agent keys (local)")).keyMetadata();
        clients.kms().createAlias(b -> b.aliasName(config.kmsAlias()).targetKeyId(key.keyId()));
        byte[] pepper = new byte[32];
        RANDOM.nextBytes(pepper);
        CreateSecretResponse secret = clients.secretsManager().createSecret(b -> b.name(config.pepperSecretName())
                .description("HMAC pepper for Számla Agent key fingerprints (local)")
                .secretString(Base64.getEncoder().encodeToString(pepper)));
        clients.eventBridge().createEventBus(b -> b.name(EVENT_BUS_NAME));
        return new LocalResources(queues, config.accountsTable(), config.invoicesTable(), key.arn(), config.kmsAlias(),
                secret.name(), secret.arn(), EVENT_BUS_NAME);
    }

    /**
     * Creates (or finds, CreateQueue being idempotent) {@code dlqName} and {@code queueName} with a redrive policy
     * sending a message to the DLQ after {@code maxReceiveCount} receives.
     */
    public static QueuePair createQueueWithDlq(SqsClient sqs, String queueName, String dlqName, int maxReceiveCount,
                                               Duration visibilityTimeout) {
        String dlqUrl = sqs.createQueue(b -> b.queueName(dlqName).attributes(Map.of(
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, Long.toString(DLQ_RETENTION.toSeconds())))).queueUrl();
        String dlqArn = queueArn(sqs, dlqUrl);
        String redrivePolicy = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}";
        String queueUrl = sqs.createQueue(b -> b.queueName(queueName).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilityTimeout.toSeconds()),
                QueueAttributeName.REDRIVE_POLICY, redrivePolicy))).queueUrl();
        return new QueuePair(queueUrl, queueArn(sqs, queueUrl), dlqUrl, dlqArn, maxReceiveCount);
    }

    /** Creates a table and waits until it is ACTIVE. */
    public static void createTable(DynamoDbClient dynamoDb, CreateTableRequest request) {
        dynamoDb.createTable(request);
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(request.tableName()));
    }

    private static String queueArn(SqsClient sqs, String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }
}
