package hu.autoinvoice.invoice;

import java.util.Objects;
import java.util.Optional;

/**
 * Per-account choices that shape every invoice of that account.
 *
 * @param eInvoice issue electronically signed e-invoices ({@code eszamla})
 * @param prefix the invoice number prefix registered in Számlázz.hu ({@code szamlaszamElotag}); empty = the account default
 */
public record InvoiceSettings(boolean eInvoice, Optional<String> prefix) {
    public InvoiceSettings {
        Objects.requireNonNull(prefix, "prefix");
    }
}
