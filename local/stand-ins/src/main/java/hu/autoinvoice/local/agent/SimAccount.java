package hu.autoinvoice.local.agent;

import java.util.List;
import java.util.Objects;

/**
 * A simulated Számlázz.hu account, keyed by its Agent key in the simulator.
 *
 * @param state             login behaviour
 * @param eInvoice          whether e-invoices ({@code eszamla=true}) are allowed; otherwise code 54
 * @param prefixes          the enabled invoice-number prefixes; the first is the default when a request sends none;
 *                          any other prefix is refused with 202
 * @param orderNumberUnique the "Rendelésszám ismétlődés tiltása" toggle: a second document of the same type with the
 *                          same order number is refused with 152
 * @param orderNumberReplay with {@code orderNumberUnique}: an equivalent re-send under a taken order number is answered
 *                          with the existing document, as the vendor does (research §5.1); false: always 152
 * @param receipts          whether the package has Agent receipts: false = every receipt action (create, storno, get,
 *                          send) is refused with 8, no permission or not in the package (research §4: "e.g. Agent
 *                          receipts not in #free package")
 */
public record SimAccount(AccountState state, boolean eInvoice, List<String> prefixes, boolean orderNumberUnique,
        boolean orderNumberReplay, boolean receipts) {

    /**
     * The account a freshly configured key gets: OK, e-invoice allowed, prefix {@code TIX}, order numbers unique, an
     * equivalent re-send replayed, receipts in the package.
     */
    public static final SimAccount DEFAULT = new SimAccount(AccountState.OK, true, List.of("TIX"), true, true, true);

    /** An account with receipts in its package. */
    public SimAccount(AccountState state, boolean eInvoice, List<String> prefixes, boolean orderNumberUnique,
            boolean orderNumberReplay) {
        this(state, eInvoice, prefixes, orderNumberUnique, orderNumberReplay, true);
    }

    public SimAccount {
        Objects.requireNonNull(state, "state");
        prefixes = List.copyOf(prefixes);
    }

    /** This account with the non-null fields of an update applied. */
    public SimAccount merge(AccountUpdate update) {
        return new SimAccount(
                update.state() != null ? update.state() : state,
                update.eInvoice() != null ? update.eInvoice() : eInvoice,
                update.prefixes() != null ? update.prefixes() : prefixes,
                update.orderNumberUnique() != null ? update.orderNumberUnique() : orderNumberUnique,
                update.orderNumberReplay() != null ? update.orderNumberReplay() : orderNumberReplay,
                update.receipts() != null ? update.receipts() : receipts);
    }
}
