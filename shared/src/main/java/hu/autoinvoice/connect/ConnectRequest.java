package hu.autoinvoice.connect;

import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.invoice.InvoiceSettings;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated {@code PUT /accounts/{accountId}/szamlazz} body. Its {@code toString} shows the key's hint only.
 *
 * @param agentKey trimmed, plausible (see {@link ConnectRequests})
 * @param invoicePrefix empty = the account's default prefix in Számlázz.hu
 */
public record ConnectRequest(AgentKey agentKey, boolean eInvoice, Optional<String> invoicePrefix) {

    public ConnectRequest {
        Objects.requireNonNull(agentKey, "agentKey");
        Objects.requireNonNull(invoicePrefix, "invoicePrefix");
    }

    public InvoiceSettings invoiceSettings() {
        return new InvoiceSettings(eInvoice, invoicePrefix);
    }

    /** True when a preview create is needed to check the choices (a prefix, or e-invoices). */
    public boolean needsPreview() {
        return eInvoice || invoicePrefix.isPresent();
    }
}
