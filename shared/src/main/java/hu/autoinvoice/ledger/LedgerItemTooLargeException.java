package hu.autoinvoice.ledger;

/**
 * A ledger write would make the item larger than DynamoDB's 400 KB limit (a large purchase message and a large refund
 * message together). No retry can change that: the message goes to the DLQ with {@link Reason#LEDGER_ITEM_TOO_LARGE}.
 */
public final class LedgerItemTooLargeException extends RuntimeException {

    LedgerItemTooLargeException(String accountId, String purchaseId) {
        super("the ledger item of " + accountId + "/" + purchaseId + " would exceed DynamoDB's 400 KB item limit");
    }

    /** DynamoDB's (and the local stand-ins') refusal of an item over the limit: PutItem and UpdateItem word it differently. */
    static boolean isItemTooLarge(software.amazon.awssdk.services.dynamodb.model.DynamoDbException e) {
        return e.awsErrorDetails() != null && "ValidationException".equals(e.awsErrorDetails().errorCode())
                && e.awsErrorDetails().errorMessage() != null
                && e.awsErrorDetails().errorMessage().contains("exceeded the maximum allowed size");
    }
}
