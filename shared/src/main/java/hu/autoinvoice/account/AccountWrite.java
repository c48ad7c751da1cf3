package hu.autoinvoice.account;

/** Outcome of a conditional account write: written (with the new version), or someone else wrote first. */
public sealed interface AccountWrite permits AccountWrite.Written, AccountWrite.Conflict {

    /** The write went through; {@code account} is what is stored now. */
    record Written(Account account) implements AccountWrite {}

    /** The item changed (or appeared, or vanished) since it was read: read again and decide again. */
    record Conflict(String accountId) implements AccountWrite {}
}
