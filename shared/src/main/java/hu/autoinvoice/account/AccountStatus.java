package hu.autoinvoice.account;

import hu.autoinvoice.agent.AccountProblem;
import hu.autoinvoice.agent.AgentError;

/**
 * Whether invoices can be issued from an account, and if not, why (docs/DESIGN.md §4). Everything but {@link #HEALTHY}
 * parks new invoices until the organiser fixes it; the probe notices the fix and backfills.
 */
public enum AccountStatus {
    /** The key works and the last check found nothing wrong. */
    HEALTHY,
    /** Code 3: the key is mistyped or was deleted in Számlázz.hu. */
    KEY_REJECTED,
    /** Code 136: unpaid Számlázz.hu fees or an expired subscription. */
    ACCOUNT_BLOCKED,
    /** Code 54: e-invoices are not in the account's package. */
    EINVOICE_NOT_ALLOWED,
    /** Code 202: the invoice number prefix is not created or not enabled in Számlázz.hu. */
    PREFIX_INVALID,
    /** Another account-level refusal (135, 164, 250, …): needs a look. */
    UNKNOWN;

    /**
     * The status an account-class refusal of the Agent puts the account in ({@link hu.autoinvoice.agent.OutcomeClass#ACCOUNT}).
     *
     * @throws IllegalArgumentException for an error of another class
     */
    public static AccountStatus of(AgentError refusal) {
        return of(refusal.accountProblem().orElseThrow(() -> new IllegalArgumentException(
                "not an account refusal: " + refusal.outcomeClass())));
    }

    /** The status an account-level Agent refusal puts the account in. */
    public static AccountStatus of(AccountProblem problem) {
        return switch (problem) {
            case KEY_REJECTED -> KEY_REJECTED;
            case ACCOUNT_BLOCKED -> ACCOUNT_BLOCKED;
            case EINVOICE_NOT_ALLOWED -> EINVOICE_NOT_ALLOWED;
            case PREFIX_INVALID -> PREFIX_INVALID;
            case OTHER -> UNKNOWN;
        };
    }

    /**
     * True when the fix can only be seen by a preview create (the credentials query passes regardless). {@link #UNKNOWN}
     * too: it comes from a create refused for a reason a query does not show (135, 164, 250, …), so a passing query
     * alone would turn the account healthy, backfill, and park the same invoices again on every probe run.
     */
    public boolean needsPreviewToRecheck() {
        return this == EINVOICE_NOT_ALLOWED || this == PREFIX_INVALID || this == UNKNOWN;
    }
}
