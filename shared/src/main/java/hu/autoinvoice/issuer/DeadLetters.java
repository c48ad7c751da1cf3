package hu.autoinvoice.issuer;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Sends a message to the invoice DLQ with its original body and the message attributes {@code reason} (a short
 * machine code, see docs/RUNBOOK.md) and {@code error} (what was wrong, never a key), plus {@code accountId} and
 * {@code purchaseId} when known. The body is unchanged, so a console redrive (StartMessageMoveTask) re-processes it
 * like a new message.
 */
public final class DeadLetters {

    /** Bad JSON, schema violation, unknown type or version, bad ids. */
    public static final String INVALID_MESSAGE = "INVALID_MESSAGE";
    /** The purchase cannot be invoiced as sent (our calculator refused it before any call). */
    public static final String INVOICE_DATA_REFUSED = "INVOICE_DATA_REFUSED";
    /** The Agent refused the invoice's data (57, 259–264, 395, …). */
    public static final String AGENT_DATA_ERROR = "AGENT_DATA_ERROR";
    /** Five create calls were made and none is known to have produced an invoice. */
    public static final String SEND_BUDGET_EXHAUSTED = "SEND_BUDGET_EXHAUSTED";
    /**
     * The account refuses a second invoice for the order number (71/152) and the invoice that holds it is not this
     * purchase's (another amount): someone else used the purchase id as an order number. Needs a person.
     */
    public static final String ORDER_NUMBER_TAKEN = "ORDER_NUMBER_TAKEN";
    /** The Agent refused the storno (14, 221, 7, …). */
    public static final String REFUND_REJECTED = "REFUND_REJECTED";
    /** The storno answer did not look like a storno (same number or positive total). */
    public static final String STORNO_NOT_CONFIRMED = "STORNO_NOT_CONFIRMED";
    /**
     * The query by external id found our document reversed, a storno, or another document type: it was changed
     * outside Autoinvoice. Needs a person.
     */
    public static final String INVOICE_REVERSED_ELSEWHERE = "INVOICE_REVERSED_ELSEWHERE";
    /**
     * A message for a purchase whose create was already sent (or whose invoice exists) carries other content: the
     * first content is what the vendor may hold, so the change is refused.
     */
    public static final String PURCHASE_CHANGED = "PURCHASE_CHANGED";
    /**
     * The queue's last delivery and the message is still not done (Agent or storno unavailable, a crash, a lease held
     * throughout): sent here by the issuer so that no message reaches the DLQ without a reason. The ledger item is kept;
     * the probe re-drives stuck items by itself.
     */
    public static final String RETRIES_EXHAUSTED = "RETRIES_EXHAUSTED";
    /**
     * A create whose outcome is unknown was sent with the key connected before a reconnect, and the connected account
     * does not hold the invoice: it may be in the previous key's account. A person checks there before re-issuing.
     */
    public static final String UNCONFIRMED_UNDER_PREVIOUS_KEY = "UNCONFIRMED_UNDER_PREVIOUS_KEY";
    /**
     * A refund's invoice was issued with the key connected before a reconnect and the connected account does not hold
     * it (another Számlázz.hu company): the storno must be made in the previous account, by a person.
     */
    public static final String INVOICE_IN_OTHER_ACCOUNT = "INVOICE_IN_OTHER_ACCOUNT";

    private static final int MAX_ATTRIBUTE = 1000;

    private final Supplier<SqsClient> sqs;
    private final String dlqUrl;

    /** {@code sqs} is asked on the first dead letter: most containers never send one (no SQS client at cold start). */
    public DeadLetters(Supplier<SqsClient> sqs, String dlqUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.dlqUrl = Objects.requireNonNull(dlqUrl, "dlqUrl");
    }

    /** Sends {@code body} to the DLQ now. Throws when SQS fails (the caller then leaves the message to be retried). */
    public void send(String body, String reason, String error, String accountId, String purchaseId) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        attributes.put("reason", text(reason));
        attributes.put("error", text(error == null || error.isBlank() ? reason : error));
        if (accountId != null) {
            attributes.put("accountId", text(accountId));
        }
        if (purchaseId != null) {
            attributes.put("purchaseId", text(purchaseId));
        }
        String safeBody = body == null || body.isEmpty() ? "(empty message)" : body;
        sqs.get().sendMessage(b -> b.queueUrl(dlqUrl).messageBody(safeBody).messageAttributes(attributes));
    }

    private static MessageAttributeValue text(String value) {
        String v = value.length() <= MAX_ATTRIBUTE ? value : value.substring(0, MAX_ATTRIBUTE);
        return MessageAttributeValue.builder().dataType("String").stringValue(v).build();
    }
}
