package hu.autoinvoice.agent;

import java.util.Objects;
import java.util.Optional;

/** The answer to a preview create ({@code elonezetpdf=true}): no document was created; the preview PDF if sent. */
public record InvoicePreview(Optional<byte[]> pdf) {

    public InvoicePreview {
        Objects.requireNonNull(pdf, "pdf");
    }

    @Override
    public String toString() {
        return "InvoicePreview[pdf=" + pdf.map(p -> p.length + " bytes").orElse("none") + "]";
    }
}
