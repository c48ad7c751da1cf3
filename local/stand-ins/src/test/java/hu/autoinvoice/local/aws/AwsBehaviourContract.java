package hu.autoinvoice.local.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import hu.autoinvoice.testing.TestKeys;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.aws.Tables;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The AWS behaviours Autoinvoice relies on, run with real SDK v2 clients against some AWS: the stand-ins
 * ({@link StandInsAwsBehaviourTest}) and LocalStack where Docker exists ({@link LocalStackAwsBehaviourTest}).
 * Resources come from {@link ResourceProvisioner}; tests use unique ids and their own queues, so they can share them.
 */
abstract class AwsBehaviourContract {

    /** An Agent key as KMS plaintext (with the test-key marker, so the security sweep would find it in any output). */
    private static final String KMS_PLAINTEXT = TestKeys.key("0123456789");

    private static final Duration AWAIT = Duration.ofSeconds(30);

    /** Clients aimed at the AWS under test. */
    protected abstract AwsClients clients();

    /** The provisioned resources. */
    protected abstract LocalResources resources();

    // ---- SQS ----

    @Test
    void provisionedQueueRedrivesToTheDlqAfterTenReceives() {
        Map<QueueAttributeName, String> attributes = clients().sqs().getQueueAttributes(b -> b
                .queueUrl(resources().queues().queueUrl()).attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributes();

        assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY))
                .contains(resources().queues().dlqArn())
                .containsPattern("\"maxReceiveCount\"\\s*:\\s*\"?10\"?");
    }

    @Test
    void messageMovesToTheDlqAfterMaxReceiveCountAndBackWithAMoveTask() {
        QueuePair pair = freshQueuePair(2);
        String body = "{\"purchaseId\":\"" + UUID.randomUUID() + "\"}";
        sqs().sendMessage(b -> b.queueUrl(pair.queueUrl()).messageBody(body));

        for (int receive = 1; receive <= 2; receive++) {
            Message message = awaitMessage(pair.queueUrl());
            assertThat(message.body()).isEqualTo(body);
            assertThat(message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo(Integer.toString(receive));
            makeVisible(pair.queueUrl(), message);
        }
        assertThat(receiveOnce(pair.queueUrl(), 1)).as("third receive: the message is dead-lettered").isEmpty();

        Message dead = awaitMessage(pair.dlqUrl());
        assertThat(dead.body()).isEqualTo(body);
        makeVisible(pair.dlqUrl(), dead);

        String handle = sqs().startMessageMoveTask(b -> b.sourceArn(pair.dlqArn())).taskHandle();
        assertThat(handle).isNotBlank();
        ListMessageMoveTasksResultEntry task = await("move task completed", () -> sqs()
                .listMessageMoveTasks(b -> b.sourceArn(pair.dlqArn())).results().stream()
                .filter(t -> "COMPLETED".equals(t.status())).findFirst());
        assertThat(task.approximateNumberOfMessagesMoved()).isEqualTo(1L);

        Message back = awaitMessage(pair.queueUrl());
        assertThat(back.body()).isEqualTo(body);
        assertThat(receiveOnce(pair.dlqUrl(), 0)).as("DLQ drained").isEmpty();
    }

    @Test
    void aMoveTaskFromAQueueNoQueueDeadLettersToIsRefusedAtOnce() {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
        String queueUrl = sqs().createQueue(b -> b.queueName(name)).queueUrl();
        String queueArn = sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);

        Instant start = Instant.now();

        SqsException refused = catchThrowableOfType(SqsException.class,
                () -> sqs().startMessageMoveTask(b -> b.sourceArn(queueArn).maxNumberOfMessagesPerSecond(1)));

        assertThat(Duration.between(start, Instant.now())).as("refused at once").isLessThan(Duration.ofSeconds(5));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(refused.awsErrorDetails().errorMessage()).isEqualTo("Source queue must be configured as a Dead Letter Queue.");
    }

    @Test
    void onlyTheUndeletedMessageOfABatchComesBackAfterItsVisibilityTimeout() {
        QueuePair pair = freshQueuePair(10);
        sqs().sendMessage(b -> b.queueUrl(pair.queueUrl()).messageBody("done"));
        sqs().sendMessage(b -> b.queueUrl(pair.queueUrl()).messageBody("failed"));
        List<Message> batch = new ArrayList<>();
        Instant deadline = Instant.now().plus(AWAIT);
        while (batch.size() < 2 && Instant.now().isBefore(deadline)) {
            batch.addAll(receiveOnce(pair.queueUrl(), 1));
        }
        assertThat(batch).extracting(Message::body).containsExactlyInAnyOrder("done", "failed");
        Message done = batch.stream().filter(m -> m.body().equals("done")).findFirst().orElseThrow();
        Message failed = batch.stream().filter(m -> m.body().equals("failed")).findFirst().orElseThrow();

        sqs().deleteMessage(b -> b.queueUrl(pair.queueUrl()).receiptHandle(done.receiptHandle()));
        assertThat(receiveOnce(pair.queueUrl(), 0)).as("both in flight or deleted").isEmpty();
        sqs().changeMessageVisibility(b -> b.queueUrl(pair.queueUrl()).receiptHandle(failed.receiptHandle()).visibilityTimeout(1));

        Message redelivered = awaitMessage(pair.queueUrl());
        assertThat(redelivered.body()).isEqualTo("failed");
        assertThat(redelivered.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("2");
        makeVisible(pair.queueUrl(), redelivered);
        sqs().deleteMessage(b -> b.queueUrl(pair.queueUrl()).receiptHandle(awaitMessage(pair.queueUrl()).receiptHandle()));
        assertThat(receiveOnce(pair.queueUrl(), 1)).as("the deleted message never returns").isEmpty();
    }

    @Test
    void changeMessageVisibilityToZeroRedeliversAtOnce() {
        QueuePair pair = freshQueuePair(10);
        sqs().sendMessage(b -> b.queueUrl(pair.queueUrl()).messageBody("again"));
        Message first = awaitMessage(pair.queueUrl());
        assertThat(receiveOnce(pair.queueUrl(), 0)).as("in flight for the queue's 30 s").isEmpty();

        makeVisible(pair.queueUrl(), first);

        Message second = awaitMessage(pair.queueUrl());
        assertThat(second.messageId()).isEqualTo(first.messageId());
        assertThat(second.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("2");
    }

    // ---- DynamoDB ----

    @Test
    void conditionalPutRejectsASecondAccountWithTheSameId() {
        String accountId = "acc-" + UUID.randomUUID();
        Map<String, AttributeValue> item = Map.of(Tables.ACCOUNT_ID, s(accountId), "status", s("HEALTHY"));
        clients().dynamoDb().putItem(b -> b.tableName(resources().accountsTable()).item(item)
                .conditionExpression("attribute_not_exists(accountId)"));

        assertThatThrownBy(() -> clients().dynamoDb().putItem(b -> b.tableName(resources().accountsTable()).item(item)
                .conditionExpression("attribute_not_exists(accountId)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    @Test
    void optimisticLockingRejectsAStaleVersion() {
        String accountId = "acc-" + UUID.randomUUID();
        Map<String, AttributeValue> key = Map.of(Tables.ACCOUNT_ID, s(accountId));
        clients().dynamoDb().putItem(b -> b.tableName(resources().accountsTable())
                .item(Map.of(Tables.ACCOUNT_ID, s(accountId), "status", s("HEALTHY"), "version", n(1))));

        clients().dynamoDb().updateItem(b -> b.tableName(resources().accountsTable()).key(key)
                .updateExpression("SET #status = :status, #version = :next")
                .conditionExpression("#version = :expected")
                .expressionAttributeNames(Map.of("#status", "status", "#version", "version"))
                .expressionAttributeValues(Map.of(":status", s("KEY_REJECTED"), ":next", n(2), ":expected", n(1))));

        assertThatThrownBy(() -> clients().dynamoDb().updateItem(b -> b.tableName(resources().accountsTable()).key(key)
                .updateExpression("SET #status = :status, #version = :next")
                .conditionExpression("#version = :expected")
                .expressionAttributeNames(Map.of("#status", "status", "#version", "version"))
                .expressionAttributeValues(Map.of(":status", s("HEALTHY"), ":next", n(2), ":expected", n(1)))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        Map<String, AttributeValue> stored = clients().dynamoDb()
                .getItem(b -> b.tableName(resources().accountsTable()).key(key).consistentRead(true)).item();
        assertThat(stored.get("status").s()).isEqualTo("KEY_REJECTED");
        assertThat(stored.get("version").n()).isEqualTo("2");
    }

    @Test
    void ledgerIndexFindsAnAccountsItemsByState() {
        String accountId = "acc-" + UUID.randomUUID();
        String otherAccount = "acc-" + UUID.randomUUID();
        putLedger(accountId, "P-1", "PARKED");
        putLedger(accountId, "P-2", "ISSUED");
        putLedger(accountId, "P-3", "PARKED");
        putLedger(otherAccount, "P-1", "PARKED");

        QueryResponse parked = clients().dynamoDb().query(b -> b.tableName(resources().invoicesTable())
                .indexName(Tables.INVOICES_BY_STATE_INDEX)
                .keyConditionExpression("accountId = :a AND #state = :s")
                .expressionAttributeNames(Map.of("#state", Tables.STATE))
                .expressionAttributeValues(Map.of(":a", s(accountId), ":s", s("PARKED"))));

        assertThat(parked.items()).extracting(item -> item.get(Tables.PURCHASE_ID).s()).containsExactlyInAnyOrder("P-1", "P-3");
        assertThat(parked.items()).allSatisfy(item -> assertThat(item).containsKey("body"));
    }

    // ---- KMS ----

    @Test
    void kmsRoundTripsThroughTheAliasAndDecryptsWithoutAKeyId() {
        Map<String, String> context = Map.of("accountId", "org-42");
        EncryptResponse encrypted = clients().kms().encrypt(b -> b.keyId(resources().kmsAlias())
                .plaintext(bytes(KMS_PLAINTEXT)).encryptionContext(context));
        assertThat(encrypted.keyId()).isEqualTo(resources().kmsKeyArn());

        DecryptResponse decrypted = clients().kms().decrypt(b -> b.ciphertextBlob(encrypted.ciphertextBlob())
                .encryptionContext(context));

        assertThat(decrypted.plaintext().asUtf8String()).isEqualTo(KMS_PLAINTEXT);
        assertThat(decrypted.keyId()).isEqualTo(resources().kmsKeyArn());
        assertThat(clients().kms().decrypt(b -> b.ciphertextBlob(encrypted.ciphertextBlob()).encryptionContext(context)
                .keyId(resources().kmsKeyArn())).plaintext().asUtf8String()).isEqualTo(KMS_PLAINTEXT);
    }

    @Test
    void kmsRejectsADifferentEncryptionContext() {
        SdkBytes blob = clients().kms().encrypt(b -> b.keyId(resources().kmsKeyArn())
                .plaintext(bytes("agent-key")).encryptionContext(Map.of("accountId", "org-42"))).ciphertextBlob();

        assertThatThrownBy(() -> clients().kms().decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("accountId", "org-43"))))
                .isInstanceOf(InvalidCiphertextException.class);
        assertThatThrownBy(() -> clients().kms().decrypt(b -> b.ciphertextBlob(blob)))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void kmsRejectsACiphertextOfOneKeyDecryptedAsAnother() {
        String otherKey = clients().kms().createKey(b -> b.description("other")).keyMetadata().arn();
        SdkBytes blob = clients().kms().encrypt(b -> b.keyId(resources().kmsAlias()).plaintext(bytes("agent-key"))).ciphertextBlob();

        assertThatThrownBy(() -> clients().kms().decrypt(b -> b.ciphertextBlob(blob).keyId(otherKey)))
                .isInstanceOf(IncorrectKeyException.class);
    }

    @Test
    void kmsRejectsATamperedCiphertext() {
        byte[] blob = clients().kms().encrypt(b -> b.keyId(resources().kmsAlias()).plaintext(bytes("agent-key")))
                .ciphertextBlob().asByteArray();
        blob[blob.length - 1] ^= 1;

        assertThatThrownBy(() -> clients().kms().decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(blob))))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void kmsGeneratesADataKeyItCanDecryptAgain() {
        Map<String, String> context = Map.of("purpose", "test");
        GenerateDataKeyResponse dataKey = clients().kms().generateDataKey(b -> b.keyId(resources().kmsAlias())
                .keySpec(DataKeySpec.AES_256).encryptionContext(context));

        assertThat(dataKey.plaintext().asByteArray()).hasSize(32);
        assertThat(dataKey.keyId()).isEqualTo(resources().kmsKeyArn());
        assertThat(clients().kms().decrypt(b -> b.ciphertextBlob(dataKey.ciphertextBlob()).encryptionContext(context))
                .plaintext()).isEqualTo(dataKey.plaintext());
    }

    @Test
    void kmsListsTheProvisionedKeyAndItsAlias() {
        String keyId = clients().kms().describeKey(b -> b.keyId(resources().kmsKeyArn())).keyMetadata().keyId();

        assertThat(clients().kms().listKeysPaginator(b -> b.limit(1)).keys()).extracting(KeyListEntry::keyArn)
                .contains(resources().kmsKeyArn());
        assertThat(clients().kms().listAliases(b -> b.keyId(keyId)).aliases())
                .extracting(AliasListEntry::aliasName, AliasListEntry::targetKeyId)
                .containsExactly(tuple(resources().kmsAlias(), keyId));
    }

    // ---- Secrets Manager ----

    @Test
    void pepperSecretIsDescribedAndListedByName() {
        DescribeSecretResponse described = clients().secretsManager().describeSecret(b -> b.secretId(resources().pepperSecretName()));
        List<SecretListEntry> listed = clients().secretsManager().listSecrets(b -> b.filters(Filter.builder()
                .key(FilterNameStringType.NAME).values(resources().pepperSecretName()).build())).secretList();

        assertThat(described.arn()).isEqualTo(resources().pepperSecretArn());
        assertThat(described.versionIdsToStages().values()).contains(List.of("AWSCURRENT"));
        assertThat(listed).extracting(SecretListEntry::arn).containsExactly(resources().pepperSecretArn());
        assertThat(listed.get(0).secretVersionsToStages()).isEqualTo(described.versionIdsToStages());
    }

    @Test
    void pepperSecretCanBeFetchedByNameAndArn() {
        String byName = clients().secretsManager().getSecretValue(b -> b.secretId(resources().pepperSecretName())).secretString();
        String byArn = clients().secretsManager().getSecretValue(b -> b.secretId(resources().pepperSecretArn())).secretString();

        assertThat(byName).isNotBlank().isEqualTo(byArn);
        assertThat(java.util.Base64.getDecoder().decode(byName)).hasSize(32);
    }

    @Test
    void missingSecretIsResourceNotFound() {
        assertThatThrownBy(() -> clients().secretsManager().getSecretValue(b -> b.secretId("autoinvoice/no-such-" + UUID.randomUUID())))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void putSecretValueReplacesTheCurrentValue() {
        String name = "autoinvoice/test-" + UUID.randomUUID();
        clients().secretsManager().createSecret(b -> b.name(name).secretString("one"));
        clients().secretsManager().putSecretValue(b -> b.secretId(name).secretString("two"));

        assertThat(clients().secretsManager().getSecretValue(b -> b.secretId(name)).secretString()).isEqualTo("two");
        assertThat(clients().secretsManager().getSecretValue(b -> b.secretId(name).versionStage("AWSPREVIOUS")).secretString())
                .isEqualTo("one");
    }

    // ---- helpers ----

    private software.amazon.awssdk.services.sqs.SqsClient sqs() {
        return clients().sqs();
    }

    private QueuePair freshQueuePair(int maxReceiveCount) {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
        return ResourceProvisioner.createQueueWithDlq(sqs(), name, name + "-dlq", maxReceiveCount, Duration.ofSeconds(30));
    }

    private List<Message> receiveOnce(String queueUrl, int waitSeconds) {
        return sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    }

    private Message awaitMessage(String queueUrl) {
        return await("a message on " + queueUrl, () -> receiveOnce(queueUrl, 1).stream().findFirst());
    }

    private void makeVisible(String queueUrl, Message message) {
        sqs().changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()).visibilityTimeout(0));
    }

    /** Polls {@code probe} every 100 ms until it has a value, at most 30 s (also used by {@code LocalSqsTest}). */
    static <T> T await(String what, Supplier<Optional<T>> probe) {
        Instant deadline = Instant.now().plus(AWAIT);
        while (true) {
            Optional<T> result = probe.get();
            if (result.isPresent()) {
                return result.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Gave up waiting for " + what + " after " + AWAIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            }
        }
    }

    private void putLedger(String accountId, String purchaseId, String state) {
        clients().dynamoDb().putItem(b -> b.tableName(resources().invoicesTable()).item(Map.of(
                Tables.ACCOUNT_ID, s(accountId), Tables.PURCHASE_ID, s(purchaseId), Tables.STATE, s(state),
                "body", s("{\"purchaseId\":\"" + purchaseId + "\"}"))));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static SdkBytes bytes(String value) {
        return SdkBytes.fromString(value, StandardCharsets.UTF_8);
    }
}
