package hu.autoinvoice.issuer;

import hu.autoinvoice.invoice.ExternalIds;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Hands a record back: sends a copy of its body to the invoice queue, invisible for the hand-back delay, with the
 * message attribute {@value #ATTRIBUTE} counting the hand-backs and {@code MessageGroupId} = the account (the fair
 * queue's tenant, as the checkout backend sends). The caller then acknowledges the original. The copy is a new
 * message (receive count 1), so a hand-back never uses up a receive of the queue's {@code maxReceiveCount}; should
 * both ever be delivered, the ledger's claim makes the second a duplicate that issues nothing.
 */
public final class HandBacks {

    /** The message attribute (Number) counting how often this purchase's message was handed back. */
    public static final String ATTRIBUTE = "handBacks";

    private final Supplier<SqsClient> sqs;
    private final String queueUrl;
    private final Duration delay;

    /** {@code sqs} is asked on the first hand-back. */
    public HandBacks(Supplier<SqsClient> sqs, String queueUrl, Duration delay) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.delay = Objects.requireNonNull(delay, "delay");
    }

    /** Sends the copy; throws when SQS fails (the caller then leaves the original to be retried). */
    public void send(String body, String accountId, int handBacksBefore) {
        Map<String, MessageAttributeValue> attributes = Map.of(ATTRIBUTE, MessageAttributeValue.builder()
                .dataType("Number").stringValue(Integer.toString(handBacksBefore + 1)).build());
        sqs.get().sendMessage(b -> {
            b.queueUrl(queueUrl).messageBody(body).delaySeconds((int) delay.toSeconds()).messageAttributes(attributes);
            if (accountId != null && ExternalIds.isValidId(accountId)) {
                b.messageGroupId(accountId);
            }
        });
    }
}
