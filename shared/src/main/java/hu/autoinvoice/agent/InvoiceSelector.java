package hu.autoinvoice.agent;

import java.util.Objects;

/** How a query names the invoice: by its number, by our order number ({@code rendelesSzam}) or by our external id. */
public sealed interface InvoiceSelector {

    String value();

    /** The invoice number assigned by Számlázz.hu ({@code szamlaszam}). */
    record ByNumber(String value) implements InvoiceSelector {
        public ByNumber {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The order number sent at creation; the vendor returns the newest document of any type under it. */
    record ByOrderNumber(String value) implements InvoiceSelector {
        public ByOrderNumber {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The external id ({@code szamlaKulsoAzon}) sent at creation; the newest holder is returned. */
    record ByExternalId(String value) implements InvoiceSelector {
        public ByExternalId {
            Objects.requireNonNull(value, "value");
        }
    }
}
