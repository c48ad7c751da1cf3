package hu.autoinvoice.connect;

import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.LedgerCursor;
import hu.autoinvoice.ledger.LedgerPage;
import hu.autoinvoice.ledger.LedgerQuery;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The organiser's and the checkout's read of an account's invoices: a page of the listing, or one purchase. */
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

    /** One purchase of {@code accountId}; empty when the ledger has no item for it. */
    public Optional<InvoiceView> find(String accountId, String purchaseId) {
        return ledger.find(accountId, purchaseId).map(InvoiceView::of);
    }
}
