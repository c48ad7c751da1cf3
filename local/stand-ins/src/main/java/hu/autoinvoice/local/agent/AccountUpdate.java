package hu.autoinvoice.local.agent;

import java.util.List;

/**
 * A partial change to a {@link SimAccount}; {@code null} fields are left as they are (the body of
 * {@code PUT /_sim/accounts/{agentKey}}).
 */
public record AccountUpdate(AccountState state, Boolean eInvoice, List<String> prefixes, Boolean orderNumberUnique,
        Boolean orderNumberReplay, Boolean receipts) {

    public AccountUpdate {
        prefixes = prefixes == null ? null : List.copyOf(prefixes);
    }

    /** An update that changes nothing (a key configured with it gets {@link SimAccount#DEFAULT}). */
    public static AccountUpdate none() {
        return new AccountUpdate(null, null, null, null, null, null);
    }

    public AccountUpdate withState(AccountState value) {
        return new AccountUpdate(value, eInvoice, prefixes, orderNumberUnique, orderNumberReplay, receipts);
    }

    public AccountUpdate withEInvoice(boolean value) {
        return new AccountUpdate(state, value, prefixes, orderNumberUnique, orderNumberReplay, receipts);
    }

    public AccountUpdate withPrefixes(List<String> value) {
        return new AccountUpdate(state, eInvoice, value, orderNumberUnique, orderNumberReplay, receipts);
    }

    public AccountUpdate withOrderNumberUnique(boolean value) {
        return new AccountUpdate(state, eInvoice, prefixes, value, orderNumberReplay, receipts);
    }

    /**
     * Whether an equivalent re-send under a taken order number is answered with the existing document (the vendor's
     * behaviour, the default) or refused with 152 like any other duplicate.
     */
    public AccountUpdate withOrderNumberReplay(boolean value) {
        return new AccountUpdate(state, eInvoice, prefixes, orderNumberUnique, value, receipts);
    }

    /** Whether the package has Agent receipts; without, every receipt action is refused with 8. */
    public AccountUpdate withReceipts(boolean value) {
        return new AccountUpdate(state, eInvoice, prefixes, orderNumberUnique, orderNumberReplay, value);
    }
}
