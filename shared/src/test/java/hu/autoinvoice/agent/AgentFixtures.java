package hu.autoinvoice.agent;

import hu.autoinvoice.testing.TestKeys;
import static org.junit.jupiter.api.Assertions.fail;

import hu.autoinvoice.testing.VendorSchemas;
import hu.autoinvoice.invoice.Buyer;
import hu.autoinvoice.invoice.BuyerType;
import hu.autoinvoice.invoice.InvoiceDraft;
import hu.autoinvoice.invoice.InvoiceLanguage;
import hu.autoinvoice.invoice.InvoiceLine;
import hu.autoinvoice.invoice.PaymentMethod;
import hu.autoinvoice.invoice.VatRate;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Shared test data and reference-material lookup for the agent tests. */
final class AgentFixtures {

    static final AgentKey KEY = TestKeys.agentKey("secret0123wxyz");
    static final AgentKey OTHER_KEY = TestKeys.agentKey("other01234567");
    static final VatRate VAT_27 = new VatRate("27", new BigDecimal("27"));
    static final VatRate VAT_18 = new VatRate("18", new BigDecimal("18"));
    static final VatRate AAM = new VatRate("AAM", BigDecimal.ZERO);
    static final VatRate TAM = new VatRate("TAM", BigDecimal.ZERO);

    private AgentFixtures() {
    }

    static Buyer buyer(BuyerType type, String name) {
        return new Buyer(type, name, Optional.of("anna@example.hu"), true, "HU", "1051", "Budapest",
                "Október 6. utca 7.",
                type == BuyerType.HU_COMPANY ? Optional.of("12345678-2-41") : Optional.empty(),
                type == BuyerType.EU_COMPANY ? Optional.of("DE123456789") : Optional.empty());
    }

    static InvoiceLine line(String name, String qty, String unit, VatRate vat, String net, String vatAmount, String gross) {
        return new InvoiceLine(name, new BigDecimal(qty), "db", new BigDecimal(unit), vat, new BigDecimal(net),
                new BigDecimal(vatAmount), new BigDecimal(gross), Optional.of("2027-08-11"));
    }

    static InvoiceDraft hufDraft(Buyer buyer) {
        return new InvoiceDraft("ai:org-42:P-2026-000123", "P-2026-000123", LocalDate.of(2026, 11, 27),
                LocalDate.of(2026, 11, 27), PaymentMethod.CARD, true, "HUF", Optional.empty(), InvoiceLanguage.HU,
                Optional.of("Köszönjük a vásárlást!"), buyer,
                List.of(line("Napijegy — Sziget 2027", "2", "19677.17", VAT_27, "39354", "10626", "49980")));
    }

    static InvoiceDraft eurDraft(Buyer buyer) {
        return new InvoiceDraft("ai:org-42:P-2026-000124", "P-2026-000124", LocalDate.of(2026, 11, 27),
                LocalDate.of(2026, 12, 5), PaymentMethod.TRANSFER, false, "EUR", Optional.of("MNB"), InvoiceLanguage.EN,
                Optional.empty(), buyer,
                List.of(line("Day ticket", "1", "98.43", VAT_27, "98.43", "26.57", "125.00"),
                        line("Discount", "1", "-9.84", VAT_27, "-9.84", "-2.66", "-12.50")));
    }

    static InvoiceDraft specialVatDraft(Buyer buyer, VatRate special) {
        return new InvoiceDraft("ai:org-42:P-2026-000125", "P-2026-000125", LocalDate.of(2026, 11, 27),
                LocalDate.of(2026, 11, 27), PaymentMethod.SZEP_CARD, true, "HUF", Optional.empty(), InvoiceLanguage.CS,
                Optional.empty(), buyer,
                List.of(line("Belépő", "3", "5000", special, "15000", "0", "15000"),
                        line("Kedvezmény", "1", "-1500", special, "-1500", "0", "-1500"),
                        line("Parkolás", "1", "1000", VAT_18, "1000", "180", "1180")));
    }

    /** The vendor schemas, or a skip (a failure when {@code CI=true}). */
    static VendorSchemas schemasOrSkip() {
        Optional<VendorSchemas> schemas = VendorSchemas.locate();
        if (schemas.isEmpty()) {
            missing("vendor XSDs not found — " + VendorSchemas.whereLooked());
        }
        return schemas.get();
    }

    /** The vendor sample responses folder, or a skip (a failure when {@code CI=true}). */
    static Path responseSamplesOrSkip() {
        List<Path> candidates = new ArrayList<>();
        String reference = System.getProperty("autoinvoice.reference.dir");
        if (reference != null && !reference.isBlank()) {
            candidates.add(Path.of(reference));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("functions"))) {
                candidates.add(dir.resolveSibling("shared"));
            }
        }
        for (Path c : candidates) {
            Path samples = c.resolve("szamla-agent/samples/responses").toAbsolutePath().normalize();
            if (Files.isDirectory(samples)) {
                return samples;
            }
        }
        missing("vendor sample responses not found (looked in -Dautoinvoice.reference.dir and ../shared beside"
                + " the checkout: " + candidates + ")");
        return null;
    }

    /**
     * The project's rule for what this machine may lack (as {@code hu.autoinvoice.local.CiRequirement} in the
     * stand-ins, which this module's tests cannot see): fails under env {@code CI=true}, skips otherwise.
     */
    private static void missing(String what) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + what);
        }
        Assumptions.abort("skipped: " + what);
    }
}
