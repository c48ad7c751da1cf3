package hu.autoinvoice.events;

import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.PendingOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the outcomes pending on ledger items and removes them from the items once the bus accepted them (the
 * outbox relay). The issuer relays each item it wrote right after the write; the health probe sweeps what is left.
 * Never throws: an outcome that could not be published or removed stays pending and is published again (with the
 * same event id) by the next relay or sweep.
 */
public final class OutcomeRelay {

    /** Items one sweep of an account relays at most (the rest wait for the next run). */
    public static final int SWEEP_LIMIT = 100;

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeRelay.class);

    private final InvoiceLedger ledger;
    private final OutcomePublisher publisher;

    public OutcomeRelay(InvoiceLedger ledger, OutcomePublisher publisher) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
    }

    /** Publishes {@code entry}'s pending outcomes (as the write that recorded them returned it); returns how many. */
    public int relay(LedgerEntry entry) {
        if (entry.outbox().isEmpty()) {
            return 0;
        }
        try {
            List<OutcomeEvent> events = entry.outbox().stream().map(p -> OutcomeEvent.of(entry, p)).toList();
            Set<UUID> accepted = publisher.publish(events);
            List<PendingOutcome> published = entry.outbox().stream().filter(p -> accepted.contains(p.eventId())).toList();
            ledger.clearOutbox(entry, published);
            return published.size();
        } catch (RuntimeException e) {
            LOG.warn("Outcome events of {} stay pending: {}", entry.purchaseId(), e.getClass().getSimpleName());
            return 0;
        }
    }

    /**
     * Publishes an item's {@code invoice.issued} before the ledger records it (the write then skips the outbox);
     * returns whether the bus accepted it. Never throws: refused or failed, the write puts it into the outbox instead.
     * A publish whose write never happens is harmless — the event states a fact (the vendor issued the invoice), and
     * the delivery that records it later publishes the same event id again.
     */
    public boolean publishAhead(LedgerEntry claimed, PendingOutcome issued, boolean eInvoice) {
        try {
            return publisher.publish(List.of(OutcomeEvent.issuedAhead(claimed, issued, eInvoice))).contains(issued.eventId());
        } catch (RuntimeException e) {
            LOG.warn("Outcome event of {} goes to the outbox: {}", claimed.purchaseId(), e.getClass().getSimpleName());
            return false;
        }
    }

    /**
     * Publishes the outcomes of {@code accountId}'s items recorded before {@code recordedBefore} (younger ones are
     * being relayed by their writer) that are still pending; returns how many were published.
     */
    public int sweep(String accountId, Instant recordedBefore) {
        int published = 0;
        try {
            for (LedgerEntry entry : ledger.withPendingOutcomes(accountId, SWEEP_LIMIT)) {
                if (entry.outbox().stream().anyMatch(p -> p.at().isBefore(recordedBefore))) {
                    published += relay(entry);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Sweeping the outcome events of account {} failed, next run again: {}", accountId,
                    e.getClass().getSimpleName());
        }
        return published;
    }
}
