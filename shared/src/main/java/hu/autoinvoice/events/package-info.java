/**
 * Outcome events: every final outcome of a ledger item ({@code invoice.issued}, {@code invoice.parked},
 * {@code invoice.failed}, {@code invoice.reversed}) published once to the stack's EventBridge bus for the checkout
 * backend. The ledger is the outbox: the write that records an outcome also records its event
 * ({@link hu.autoinvoice.ledger.PendingOutcome}); {@link hu.autoinvoice.events.OutcomeRelay} publishes it right after
 * and removes it, and the health probe's sweep publishes what a failed publish left. So a publish failure retries the
 * event, never the invoice; a consumer dedupes on the event id. Contract: {@code events/schema/invoice-outcome.v1.schema.json}.
 */
package hu.autoinvoice.events;
