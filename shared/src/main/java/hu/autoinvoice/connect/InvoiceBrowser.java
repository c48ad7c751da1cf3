package hu.autoinvoice.connect;

import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.LedgerCursor;
import hu.autoinvoice.ledger.LedgerPage;
import hu.autoinvoice.ledger.LedgerQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The organiser's and the checkout's read of an account's invoices: a page of the listing (one row per revision's
 * invoice), or one purchase with its chain.
 */
public final class InvoiceBrowser {

    private final InvoiceLedger ledger;

    public InvoiceBrowser(InvoiceLedger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /** A page of the listing and the cursor of the next one. */
    public record Page(List<InvoiceView> invoices, Optional<LedgerCursor> next) {
    }

    /** One page of {@code accountId}'s invoices, newest paid first. */
    public Page list(String accountId, LedgerQuery query) {
        LedgerPage page = ledger.list(accountId, query);
        return new Page(page.items().stream().map(InvoiceView::of).toList(), page.next());
    }

    /**
     * One purchase: its invoice as paid (revision 0) and its chain.
     *
     * @param chain every revision's invoice of the purchase, oldest first: the original, then each amendment's (the
     *     original and each replaced one {@code REVERSED} or {@code SUPERSEDED}, the live one {@code ISSUED}); just the
     *     original when it was never amended
     */
    public record Purchase(InvoiceView invoice, List<InvoiceView> chain) {
        public Purchase {
            Objects.requireNonNull(invoice, "invoice");
            chain = List.copyOf(chain);
        }
    }

    /**
     * One purchase of {@code accountId} with its chain (one more Query, for the revision items); empty when the ledger
     * has no item for it.
     */
    public Optional<Purchase> find(String accountId, String purchaseId) {
        return ledger.find(accountId, purchaseId).map(original -> {
            List<InvoiceView> chain = new ArrayList<>();
            chain.add(InvoiceView.of(original));
            ledger.revisions(accountId, purchaseId).stream().map(InvoiceView::of)
                    .sorted(Comparator.comparingLong(InvoiceView::revision)).forEach(chain::add);
            return new Purchase(chain.getFirst(), chain);
        });
    }
}
