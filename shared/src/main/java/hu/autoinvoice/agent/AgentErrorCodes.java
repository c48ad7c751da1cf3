package hu.autoinvoice.agent;

import java.util.Map;
import java.util.TreeMap;

/**
 * The one table of known Számla Agent error codes (research/szamla-agent.md §4). Codes not listed are
 * {@link OutcomeClass#UNKNOWN} — a new code may mean "issued, but …", never a clean refusal.
 * Code 56 (issued, notification e-mail failed) is not a failure when an invoice number comes with it; without a
 * number it stays {@link OutcomeClass#UNKNOWN}. Code 7 is {@link OutcomeClass#NOT_FOUND} (on a create the client
 * reports it as {@link OutcomeClass#DATA}: missing data, nothing to find).
 */
final class AgentErrorCodes {

    /** The warning code: the document exists, only its notification e-mail failed. */
    public static final int NOTIFICATION_FAILED = 56;

    private static final Map<Integer, OutcomeClass> CLASSES = new TreeMap<>();
    private static final Map<Integer, AccountProblem> ACCOUNT_PROBLEMS = Map.of(
            3, AccountProblem.KEY_REJECTED,
            136, AccountProblem.ACCOUNT_BLOCKED,
            54, AccountProblem.EINVOICE_NOT_ALLOWED,
            202, AccountProblem.PREFIX_INVALID);

    static {
        put(OutcomeClass.TRANSIENT, 1, 55, 167);
        put(OutcomeClass.ACCOUNT, 3, 8, 17, 49, 54, 135, 136, 137, 164, 202, 250, 353, 354, 356, 357, 524, 539);
        put(OutcomeClass.DATA, 14, 52, 53, 57, 68, 73, 101, 200, 221, 259, 260, 261, 262, 263, 264, 309, 335, 336,
                337, 339, 340, 352, 363, 364, 365, 395, 396, 463, 537, 538, 551, 552, 553, 554, 555, 556);
        // refusals of this one document by an account setting or a permission, not of the account: 491 (KATA
        // protection: no document to a business — invoices to persons still go through), 358/359/489/493/494 (only
        // the owner or a delegate may storno / repeat / correct this document). Marking the whole account unhealthy
        // would park every other invoice; the document fails with its code for a person instead.
        put(OutcomeClass.DATA, 358, 359, 489, 491, 493, 494);
        put(OutcomeClass.DUPLICATE_ORDER, 71, 152);
        put(OutcomeClass.NOT_FOUND, 7);
    }

    private AgentErrorCodes() {
    }

    private static void put(OutcomeClass outcomeClass, int... codes) {
        for (int code : codes) {
            if (CLASSES.put(code, outcomeClass) != null) {
                throw new IllegalStateException("error code listed twice: " + code);
            }
        }
    }

    /** The outcome class of a vendor code; {@link OutcomeClass#UNKNOWN} for codes not in the table (and 56). */
    public static OutcomeClass classify(int code) {
        return CLASSES.getOrDefault(code, OutcomeClass.UNKNOWN);
    }

    /** Which account problem an account-class code means ({@link AccountProblem#OTHER} when not one of the four named). */
    public static AccountProblem accountProblem(int code) {
        return ACCOUNT_PROBLEMS.getOrDefault(code, AccountProblem.OTHER);
    }

    /** All codes in the table with their class, ascending, for documentation and tests. */
    public static Map<Integer, OutcomeClass> table() {
        return Map.copyOf(CLASSES);
    }
}
