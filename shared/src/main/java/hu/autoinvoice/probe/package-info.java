/**
 * The health probe (docs/DESIGN.md §6): checks every connected account with one Számla Agent query (plus a preview create
 * for prefix / e-invoice problems), writes status changes with optimistic locking, and backfills parked invoices
 * once per recovery. {@link hu.autoinvoice.probe.HealthProbe} is the entry point; it is resumable across runs.
 */
package hu.autoinvoice.probe;
