package hu.autoinvoice.ledger;

import hu.autoinvoice.account.AccountStatus;
import java.util.Optional;

/**
 * Why a ledger item is where it is, why a message is retried, or why it went to the DLQ: the one vocabulary of the
 * ledger's {@code reason} attribute, the DLQ's {@code reason} message attribute and the issuer metrics' {@code reason}
 * dimension (docs/RUNBOOK.md, docs/GLOSSARY.md). The detail (a vendor code, a KMS error code, an exception's class)
 * goes with it as the message, never into the name.
 */
public enum Reason {

    // --- the account cannot issue now: PARKED (or a refund held) until it recovers --------------------------------
    /** No Számlázz.hu account is connected for the account id. */
    ACCOUNT_NOT_CONNECTED,
    /** The Agent key was refused (code 3), or the account is marked so. */
    ACCOUNT_KEY_REJECTED,
    /** Login blocked: unpaid fee or expired subscription (code 136). */
    ACCOUNT_BLOCKED,
    /** E-invoices are not allowed in the account (code 54). */
    ACCOUNT_EINVOICE_NOT_ALLOWED,
    /**
     * The invoice number prefix is not set up in the account (code 202), or the receipt prefix is unusable (336 an
     * invoice prefix, 337 malformed, 524 not enabled), or receipts were turned off while a receipt create was unsettled.
     */
    ACCOUNT_PREFIX_INVALID,
    /** Another account-level refusal (the vendor's code is in the message). */
    ACCOUNT_PROBLEM,
    /** KMS refuses to decrypt the stored key for good (key disabled or deleted): the organiser reconnects. */
    KEY_UNREADABLE,
    /** A refund came before its purchase: the item waits for the invoice, then reverses it. */
    AWAITING_INVOICE,

    // --- not done now; the queue delivers the message again (a held refund keeps its item REFUND_PENDING) -------------
    /** The invocation had no time left for another Agent call. */
    DEADLINE,
    /** Another delivery holds the item's lease. */
    LEASE_HELD,
    /** Our claim was taken over before the send was counted. */
    CLAIM_LOST,
    /** Our claim was taken over before the invoice was recorded (the next delivery finds it by query). */
    CLAIM_LOST_AFTER_ISSUE,
    /** Processing threw (the exception's class is in the message). */
    CRASHED,
    /** KMS could not decrypt the key this time (its error code is in the message). */
    KMS_UNAVAILABLE,
    /** The query made before a repeated create gave no answer (transient or unknown). */
    QUERY_INCONCLUSIVE,
    /** The create failed transiently (maintenance, rate limit, timeout): nothing or something may exist. */
    AGENT_TRANSIENT,
    /** The create's outcome is unknown (unknown vendor code, lost reply): the next delivery queries first. */
    AGENT_OUTCOME_UNKNOWN,
    /** The order number is taken and the query by order number did not settle whose invoice it is. */
    DUPLICATE_ORDER_UNRESOLVED,
    /** The storno failed transiently. */
    STORNO_TRANSIENT,
    /** The storno's outcome is unknown (a storno is idempotent per original: retrying makes no second one). */
    STORNO_OUTCOME_UNKNOWN,
    /** The look-up of an invoice issued under the previous key gave no answer. */
    LOOKUP_INCONCLUSIVE,
    /**
     * An amendment waits for an older revision whose create's outcome is unknown and which another delivery holds:
     * the amendment is retried until that revision is reversed or superseded.
     */
    SUPERSEDE_PENDING,

    // --- FAILED, the message in the DLQ for a person (docs/RUNBOOK.md) ---------------------------------------------
    /** Bad JSON, schema violation, unknown type or version, bad ids. */
    INVALID_MESSAGE,
    /** The purchase cannot be invoiced as sent (our calculator refused it before any call). */
    INVOICE_DATA_REFUSED,
    /** The Agent refused the invoice's data (57, 259–264, 395, …). */
    AGENT_DATA_ERROR,
    /** Five create calls were made and none is known to have produced an invoice. */
    SEND_BUDGET_EXHAUSTED,
    /** The order number holds an invoice that is not this purchase's (another document, another amount). */
    ORDER_NUMBER_TAKEN,
    /** The Agent refused the storno (14, 221, 7, …). */
    REFUND_REJECTED,
    /** The storno answer did not look like a storno (same number or a positive total). */
    STORNO_NOT_CONFIRMED,
    /** The query by external id found our document reversed, a storno or another type: changed outside Autoinvoice. */
    INVOICE_REVERSED_ELSEWHERE,
    /** A message changes a purchase whose create was already sent (or whose invoice exists). */
    PURCHASE_CHANGED,
    /** Still not done on the queue's last delivery (the retry's reason starts the message). */
    RETRIES_EXHAUSTED,
    /** The purchase and refund messages together would make the ledger item larger than DynamoDB's 400 KB. */
    LEDGER_ITEM_TOO_LARGE,
    /** A create of unknown outcome went out under the previous key and the connected account does not hold it. */
    UNCONFIRMED_UNDER_PREVIOUS_KEY,
    /** A refund's invoice was issued under the previous key and the connected account does not hold it. */
    INVOICE_IN_OTHER_ACCOUNT,
    /** An amendment of a purchase that was refunded as a whole before it: a refunded purchase is not invoiced again. */
    AMENDED_AFTER_REFUND;

    /**
     * True when the item waits for the account to recover (or, refund first, for its invoice): the message is done
     * with — parked, not retried — and the probe re-enqueues the item later. False: the queue retries the message.
     */
    public boolean parks() {
        return switch (this) {
            case ACCOUNT_NOT_CONNECTED, ACCOUNT_KEY_REJECTED, ACCOUNT_BLOCKED, ACCOUNT_EINVOICE_NOT_ALLOWED,
                    ACCOUNT_PREFIX_INVALID, ACCOUNT_PROBLEM, KEY_UNREADABLE, AWAITING_INVOICE -> true;
            default -> false;
        };
    }

    /** Why an account in {@code status} cannot issue (every status but {@code HEALTHY}). */
    public static Reason accountUnusable(AccountStatus status) {
        return switch (status) {
            case KEY_REJECTED -> ACCOUNT_KEY_REJECTED;
            case ACCOUNT_BLOCKED -> ACCOUNT_BLOCKED;
            case EINVOICE_NOT_ALLOWED -> ACCOUNT_EINVOICE_NOT_ALLOWED;
            case PREFIX_INVALID -> ACCOUNT_PREFIX_INVALID;
            case UNKNOWN -> ACCOUNT_PROBLEM;
            case HEALTHY -> throw new IllegalArgumentException("a HEALTHY account can issue");
        };
    }

    /** The reason stored under {@code name}; empty for a name this version does not know. */
    public static Optional<Reason> of(String name) {
        try {
            return name == null ? Optional.empty() : Optional.of(valueOf(name));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
