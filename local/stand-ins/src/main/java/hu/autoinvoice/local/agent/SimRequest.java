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

        /** The line as a storno carries it: quantity and amounts negated, the unit price kept. */
        Line negated() {
            return new Line(name, quantity.negate(), unit, unitPrice, vatRate, net.negate(), vat.negate(),
                    gross.negate(), comment);
        }
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

    /** One payment of a receipt ({@code kifizetesek/kifizetes}). */
    record Payment(String means, BigDecimal amount, String description) {
    }

    /**
     * {@code action-szamla_agent_nyugta_create}: issue a receipt. {@code callId} is {@code hivasAzonosito} (or null),
     * {@code payments} empty when no {@code kifizetesek} was sent.
     */
    record ReceiptCreate(String agentKey, boolean download, String callId, String prefix, String paymentMethod,
            String currency, BigDecimal exchangeRate, String exchangeBank, String comment, String orderNumber,
            List<Line> lines, List<Payment> payments) implements SimRequest {

        @Override
        public int responseVersion() {
            return 2;
        }
    }

    /** {@code action-szamla_agent_nyugta_storno}: reverse a receipt by its number. */
    record ReceiptStorno(String agentKey, boolean download, String number, String callId) implements SimRequest {

        @Override
        public int responseVersion() {
            return 2;
        }
    }

    /**
     * {@code action-szamla_agent_nyugta_get}: find a receipt by number, call id or order number (first given wins, in
     * that order; the vendor's published XSD has no {@code rendelesSzam}, so it arrives only when validation is off).
     */
    record ReceiptGet(String agentKey, boolean download, String number, String callId, String orderNumber)
            implements SimRequest {

        @Override
        public int responseVersion() {
            return 2;
        }
    }

    /** {@code action-szamla_agent_nyugta_send}: e-mail a receipt. */
    record ReceiptSend(String agentKey, String number, String email, String replyTo, String subject, String text)
            implements SimRequest {

        @Override
        public int responseVersion() {
            return 2;
        }
    }

    static SimRequest read(SimAction action, Element root) {
        return switch (action) {
            case CREATE -> create(root);
            case STORNO -> storno(root);
            case QUERY_XML -> new Query(key(root), 2, false, Xml.flag(root, "pdf"), text(root, "szamlaszam"),
                    text(root, "rendelesSzam"), text(root, "szamlaKulsoAzon"));
            case QUERY_PDF -> new Query(key(root), version(root), true, true, text(root, "szamlaszam"),
                    text(root, "rendelesSzam"), text(root, "szamlaKulsoAzon"));
            case RECEIPT_CREATE -> receiptCreate(root);
            case RECEIPT_STORNO -> {
                Element settings = Xml.child(root, "beallitasok").orElseThrow();
                Element header = Xml.child(root, "fejlec").orElseThrow();
                yield new ReceiptStorno(key(settings), Xml.flag(settings, "pdfLetoltes"), text(header, "nyugtaszam"),
                        text(header, "hivasAzonosito"));
            }
            case RECEIPT_GET -> {
                Element settings = Xml.child(root, "beallitasok").orElseThrow();
                Element header = Xml.child(root, "fejlec").orElseThrow();
                yield new ReceiptGet(key(settings), Xml.flag(settings, "pdfLetoltes"), text(header, "nyugtaszam"),
                        text(header, "hivasAzonosito"), text(header, "rendelesSzam"));
            }
            case RECEIPT_SEND -> {
                Element settings = Xml.child(root, "beallitasok").orElseThrow();
                Element header = Xml.child(root, "fejlec").orElseThrow();
                Optional<Element> mail = Xml.child(root, "emailKuldes");
                yield new ReceiptSend(key(settings), text(header, "nyugtaszam"),
                        mail.map(m -> text(m, "email")).orElse(null), mail.map(m -> text(m, "emailReplyto")).orElse(null),
                        mail.map(m -> text(m, "emailTargy")).orElse(null),
                        mail.map(m -> text(m, "emailSzoveg")).orElse(null));
            }
        };
    }

    private static ReceiptCreate receiptCreate(Element root) {
        Element settings = Xml.child(root, "beallitasok").orElseThrow();
        Element header = Xml.child(root, "fejlec").orElseThrow();
        List<Line> lines = new ArrayList<>();
        for (Element line : Xml.children(Xml.child(root, "tetelek").orElseThrow(), "tetel")) {
            lines.add(new Line(text(line, "megnevezes"), number(line, "mennyiseg"), text(line, "mennyisegiEgyseg"),
                    number(line, "nettoEgysegar"), text(line, "afakulcs"), number(line, "netto"), number(line, "afa"),
                    number(line, "brutto"), text(line, "megjegyzes")));
        }
        List<Payment> payments = new ArrayList<>();
        Xml.child(root, "kifizetesek").ifPresent(all -> Xml.children(all, "kifizetes").forEach(p -> payments.add(
                new Payment(text(p, "fizetoeszkoz"), number(p, "osszeg"), text(p, "leiras")))));
        return new ReceiptCreate(key(settings), Xml.flag(settings, "pdfLetoltes"), text(header, "hivasAzonosito"),
                text(header, "elotag"), text(header, "fizmod"), text(header, "penznem"),
                Xml.text(header, "devizaarf").map(BigDecimal::new).orElse(null), text(header, "devizabank"),
                text(header, "megjegyzes"), text(header, "rendelesSzam"), List.copyOf(lines), List.copyOf(payments));
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
