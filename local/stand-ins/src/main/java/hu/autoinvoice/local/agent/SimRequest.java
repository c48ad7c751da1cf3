package hu.autoinvoice.local.agent;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * A schema-valid Agent request, read from its XML into the simulator's own words (its own reading, independent of the
 * client's {@link hu.autoinvoice.agent.AgentRequest}, like {@link SimAction}).
 */
sealed interface SimRequest {

    /** The Agent key ({@code szamlaagentkulcs}, or a legacy login holding the key), or null when none was sent. */
    String agentKey();

    /** 1 = text/PDF answers, 2 = {@code xmlszamlavalasz}. */
    int responseVersion();

    /** One invoice line as sent. */
    record Line(String name, BigDecimal quantity, String unit, BigDecimal unitPrice, String vatRate, BigDecimal net,
            BigDecimal vat, BigDecimal gross, String comment) {
    }

    /**
     * {@code action-xmlagentxmlfile}: create a document (or only a preview PDF). {@code issueDate} is
     * {@code keltDatum} as sent, or null (the document is issued today whatever is sent; the value only matters for
     * the replay check).
     */
    record Create(String agentKey, int responseVersion, boolean eInvoice, boolean download, String externalId,
            LocalDate issueDate, LocalDate fulfilmentDate, LocalDate dueDate, String paymentMethod, String currency,
            String language, String comment, String orderNumber, DocumentType type, String prefix, boolean paid,
            boolean preview, String buyerName, String buyerPostalCode, String buyerCity, String buyerAddress,
            String buyerCountry, String buyerEmail, String buyerTaxNumber, Integer buyerTaxSubject, List<Line> lines)
            implements SimRequest {
    }

    /** {@code action-szamla_agent_st}: reverse an invoice. */
    record Storno(String agentKey, int responseVersion, boolean eInvoice, boolean download, String externalId,
            String invoiceNumber, LocalDate fulfilmentDate) implements SimRequest {
    }

    /**
     * {@code action-szamla_agent_xml} ({@code pdfAction=false}) or {@code action-szamla_agent_pdf}: find a document by
     * number, order number or external id (first given wins, in that order).
     */
    record Query(String agentKey, int responseVersion, boolean pdfAction, boolean includePdf, String number,
            String orderNumber, String externalId) implements SimRequest {
    }

    static SimRequest read(SimAction action, Element root) {
        return switch (action) {
            case CREATE -> create(root);
            case STORNO -> storno(root);
            case QUERY_XML -> new Query(key(root), 2, false, Xml.flag(root, "pdf"), text(root, "szamlaszam"),
                    text(root, "rendelesSzam"), text(root, "szamlaKulsoAzon"));
            case QUERY_PDF -> new Query(key(root), version(root), true, true, text(root, "szamlaszam"),
                    text(root, "rendelesSzam"), text(root, "szamlaKulsoAzon"));
        };
    }

    private static Create create(Element root) {
        Element settings = Xml.child(root, "beallitasok").orElseThrow();
        Element header = Xml.child(root, "fejlec").orElseThrow();
        Element buyer = Xml.child(root, "vevo").orElseThrow();
        List<Line> lines = new ArrayList<>();
        for (Element line : Xml.children(Xml.child(root, "tetelek").orElseThrow(), "tetel")) {
            lines.add(new Line(text(line, "megnevezes"), number(line, "mennyiseg"), text(line, "mennyisegiEgyseg"),
                    number(line, "nettoEgysegar"), text(line, "afakulcs"), number(line, "nettoErtek"),
                    number(line, "afaErtek"), number(line, "bruttoErtek"), text(line, "megjegyzes")));
        }
        DocumentType type = DocumentType.SZ;
        if (Xml.flag(header, "dijbekero")) {
            type = DocumentType.D;
        } else if (Xml.flag(header, "szallitolevel")) {
            type = DocumentType.SL;
        } else if (Xml.flag(header, "elolegszamla")) {
            type = DocumentType.ES;
        } else if (Xml.flag(header, "vegszamla")) {
            type = DocumentType.VS;
        } else if (Xml.flag(header, "helyesbitoszamla")) {
            type = DocumentType.HS;
        }
        return new Create(key(settings), version(settings), Xml.flag(settings, "eszamla"),
                Xml.flag(settings, "szamlaLetoltes"), text(settings, "szamlaKulsoAzon"), date(header, "keltDatum"),
                date(header, "teljesitesDatum"), date(header, "fizetesiHataridoDatum"), text(header, "fizmod"),
                text(header, "penznem"), text(header, "szamlaNyelve"), text(header, "megjegyzes"),
                text(header, "rendelesSzam"), type, text(header, "szamlaszamElotag"), Xml.flag(header, "fizetve"),
                Xml.flag(header, "elonezetpdf"), text(buyer, "nev"), text(buyer, "irsz"), text(buyer, "telepules"),
                text(buyer, "cim"), text(buyer, "orszag"), text(buyer, "email"), text(buyer, "adoszam"),
                Xml.text(buyer, "adoalany").map(Integer::valueOf).orElse(null), List.copyOf(lines));
    }

    private static Storno storno(Element root) {
        Element settings = Xml.child(root, "beallitasok").orElseThrow();
        Element header = Xml.child(root, "fejlec").orElseThrow();
        return new Storno(key(settings), version(settings), Xml.flag(settings, "eszamla"),
                Xml.flag(settings, "szamlaLetoltes"), text(settings, "szamlaKulsoAzon"), text(header, "szamlaszam"),
                Xml.text(header, "teljesitesDatum").map(LocalDate::parse).orElse(null));
    }

    /** The Agent key: {@code szamlaagentkulcs}, or the legacy form with the key in both login and password. */
    private static String key(Element parent) {
        Optional<String> key = Xml.text(parent, "szamlaagentkulcs");
        if (key.isPresent()) {
            return key.get();
        }
        Optional<String> user = Xml.text(parent, "felhasznalo");
        return user.isPresent() && user.equals(Xml.text(parent, "jelszo")) ? user.get() : null;
    }

    /** {@code valaszVerzio}; 1 when absent (the vendor's default). */
    static int version(Element parent) {
        return Xml.text(parent, "valaszVerzio").map(Integer::parseInt).orElse(1);
    }

    private static String text(Element parent, String name) {
        return Xml.text(parent, name).orElse(null);
    }

    private static BigDecimal number(Element parent, String name) {
        return Xml.text(parent, name).map(BigDecimal::new).orElse(BigDecimal.ZERO);
    }

    private static LocalDate date(Element parent, String name) {
        return Xml.text(parent, name).map(LocalDate::parse).orElse(null);
    }
}
