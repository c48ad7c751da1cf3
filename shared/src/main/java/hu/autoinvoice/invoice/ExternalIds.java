package hu.autoinvoice.invoice;

import java.util.regex.Pattern;

/**
 * The one place that says how ids look: the format of {@code accountId} and {@code purchaseId} in messages, and the
 * deterministic external id of a purchase's invoice ({@code ai:<accountId>:<purchaseId>}, sent as
 * {@code szamlaKulsoAzon}), by which the invoice can be queried after an unknown outcome.
 */
public final class ExternalIds {

    /** Longest account or purchase id. */
    public static final int MAX_ID_LENGTH = 64;

    /** Account and purchase ids: a letter or digit, then letters, digits, {@code . _ -}; no {@code :}. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_ID_LENGTH - 1) + "}");

    private static final String PREFIX = "ai:";

    /** Longest external id this class produces. */
    public static final int MAX_EXTERNAL_ID_LENGTH = PREFIX.length() + MAX_ID_LENGTH + 1 + MAX_ID_LENGTH + ":r".length()
            + Integer.toString(Integer.MAX_VALUE).length();

    private ExternalIds() {
    }

    /** True when {@code id} is a valid account or purchase id. */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /**
     * The external id of the invoice for {@code purchaseId} of {@code accountId}. Ids cannot contain {@code :}, so
     * the result is unambiguous.
     *
     * @throws IllegalArgumentException when either id is not a valid id (a programming error: messages are
     *         validated before this is called)
     */
    public static String of(String accountId, String purchaseId) {
        if (!isValidId(accountId)) {
            throw new IllegalArgumentException("not a valid accountId");
        }
        if (!isValidId(purchaseId)) {
            throw new IllegalArgumentException("not a valid purchaseId");
        }
        return PREFIX + accountId + ":" + purchaseId;
    }

    /**
     * The external id of the invoice for revision {@code revision} of a purchase: {@link #of} for 0 (the original
     * purchase), {@code ai:<accountId>:<purchaseId>:r<revision>} for an amendment's, so the query before a resend
     * finds exactly that revision's invoice.
     */
    public static String ofRevision(String accountId, String purchaseId, long revision) {
        if (revision < 0) {
            throw new IllegalArgumentException("revision must not be negative");
        }
        return revision == 0 ? of(accountId, purchaseId) : of(accountId, purchaseId) + ":r" + revision;
    }
}
