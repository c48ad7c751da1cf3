package hu.autoinvoice.issuer;

import hu.autoinvoice.ledger.Cause;
import hu.autoinvoice.ledger.Reason;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Sends a message to the invoice DLQ with its original body and the message attributes {@code reason} (a
 * {@link Reason}, see docs/RUNBOOK.md) and {@code error} (what was wrong, never a key), plus {@code accountId} and
 * {@code purchaseId} when known. The body is unchanged, so a console redrive (StartMessageMoveTask) re-processes it
 * like a new message.
 */
public final class DeadLetters {

    private static final int MAX_ATTRIBUTE = 1000;

    private final Supplier<SqsClient> sqs;
    private final String dlqUrl;

    /** {@code sqs} is asked on the first dead letter: most containers never send one (no SQS client at cold start). */
    public DeadLetters(Supplier<SqsClient> sqs, String dlqUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.dlqUrl = Objects.requireNonNull(dlqUrl, "dlqUrl");
    }

    /** Sends {@code body} to the DLQ now. Throws when SQS fails (the caller then leaves the message to be retried). */
    public void send(String body, Cause cause, String accountId, String purchaseId) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        attributes.put("reason", text(cause.reason().name()));
        attributes.put("error", text(cause.message()));
        if (accountId != null) {
            attributes.put("accountId", text(accountId));
        }
        if (purchaseId != null) {
            // a revision item (purchaseId#r<n>) is named by the purchase it invoices
            attributes.put("purchaseId", text(hu.autoinvoice.ledger.PurchaseHead.purchaseOf(purchaseId)));
        }
        String safeBody = body == null || body.isEmpty() ? "(empty message)" : body;
        sqs.get().sendMessage(b -> b.queueUrl(dlqUrl).messageBody(safeBody).messageAttributes(attributes));
    }

    private static MessageAttributeValue text(String value) {
        String v = value.length() <= MAX_ATTRIBUTE ? value : value.substring(0, MAX_ATTRIBUTE);
        return MessageAttributeValue.builder().dataType("String").stringValue(v).build();
    }
}
