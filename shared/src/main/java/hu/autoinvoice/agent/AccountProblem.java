package hu.autoinvoice.agent;

/** Which account problem an {@link OutcomeClass#ACCOUNT} error is, in the words of the account status. */
public enum AccountProblem {
    /** 3: mistyped, deleted or wrong-case key. */
    KEY_REJECTED,
    /** 136: login blocked — expired subscription or unpaid Számlázz.hu fees. */
    ACCOUNT_BLOCKED,
    /** 54: the package has no e-invoicing (or the certificate was not accepted). */
    EINVOICE_NOT_ALLOWED,
    /** 202: the invoice number prefix is not created or not enabled. */
    PREFIX_INVALID,
    /** Any other account-level code. */
    OTHER
}
