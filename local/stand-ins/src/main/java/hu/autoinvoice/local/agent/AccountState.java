package hu.autoinvoice.local.agent;

/** How the simulated Számlázz.hu account behind an Agent key answers a login. */
public enum AccountState {
    /** Logs in; requests are processed. */
    OK,
    /** The key was deleted: every request is refused with code 3 (login failed). */
    DELETED,
    /** Login blocked (expired subscription, unpaid Számlázz.hu fee): every request, queries included, gets 136. */
    BLOCKED
}
