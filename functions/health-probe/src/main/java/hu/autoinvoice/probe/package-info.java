/** Health probe: scheduled account checks and backfill. */
package hu.autoinvoice.probe;
