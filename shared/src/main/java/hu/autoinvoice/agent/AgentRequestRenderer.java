package hu.autoinvoice.agent;

import com.ctc.wstx.api.WstxOutputProperties;
import com.ctc.wstx.stax.WstxOutputFactory;
import hu.autoinvoice.invoice.Buyer;
import hu.autoinvoice.invoice.InvoiceDraft;
import hu.autoinvoice.invoice.InvoiceLine;
import hu.autoinvoice.invoice.InvoiceSettings;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Renders the Számla Agent request documents, pure and deterministic: same input, same bytes. Element order is the
 * vendor XSD {@code sequence} (downloadable XSD version), UTF-8 with an XML declaration, default namespace
 * {@code http://www.szamlazz.hu/<root>}, booleans {@code true/false}, dates {@code yyyy-MM-dd}, decimals with
 * {@code .} and never in exponent form. Text is escaped by the writer (Woodstox, from jackson-dataformat-xml).
 * Text XML 1.0 cannot carry is refused with an {@link IllegalArgumentException} naming the field.
 *
 * <p>Choices: {@code keltDatum} is never sent (the vendor sets today); {@code valaszVerzio=2} wherever the XSD has
 * it; the seller block stays empty (seller data comes from the account); a create downloads no PDF, a preview does
 * ({@code szamlaLetoltes}).
 */
public final class AgentRequestRenderer {

    private static final int ANSWER_VERSION = 2;
    private static final String STORNO_TYPE = "SS";
    private static final XMLOutputFactory OUTPUT = outputFactory();

    /** Renders the create-invoice request ({@code xmlszamla}); {@code preview} asks for a preview PDF and creates nothing. */
    public AgentRequest createInvoice(AgentKey key, InvoiceSettings settings, InvoiceDraft draft, boolean preview) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(draft, "draft");
        return render(AgentAction.CREATE_INVOICE, w -> {
            w.start("beallitasok");
            w.text("szamlaagentkulcs", key.reveal(), "agent key");
            w.bool("eszamla", settings.eInvoice());
            w.bool("szamlaLetoltes", preview);
            w.number("valaszVerzio", ANSWER_VERSION);
            w.text("szamlaKulsoAzon", draft.externalId(), "externalId");
            w.end();

            w.start("fejlec");
            w.date("teljesitesDatum", draft.fulfilmentDate());
            w.date("fizetesiHataridoDatum", draft.paymentDueDate());
            w.text("fizmod", draft.paymentMethod().agentValue(), "paymentMethod");
            w.text("penznem", draft.currency(), "currency");
            w.text("szamlaNyelve", draft.language().agentValue(), "language");
            w.optionalText("megjegyzes", draft.comment(), "comment");
            if (!draft.isHuf()) {
                w.optionalText("arfolyamBank", draft.exchangeRateBank(), "exchangeRateBank");
            }
            w.text("rendelesSzam", draft.orderNumber(), "orderNumber");
            w.optionalText("szamlaszamElotag", settings.prefix(), "prefix");
            w.bool("fizetve", draft.paid());
            if (preview) {
                w.bool("elonezetpdf", true);
            }
            w.end();

            w.empty("elado");

            Buyer buyer = draft.buyer();
            w.start("vevo");
            w.text("nev", buyer.name(), "buyer.name");
            w.text("orszag", buyer.country(), "buyer.country");
            w.text("irsz", buyer.postalCode(), "buyer.postalCode");
            w.text("telepules", buyer.city(), "buyer.city");
            w.text("cim", buyer.address(), "buyer.address");
            w.optionalText("email", buyer.email(), "buyer.email");
            w.bool("sendEmail", buyer.sendEmail());
            w.number("adoalany", buyer.type().agentTaxSubject());
            w.optionalText("adoszam", buyer.taxNumber(), "buyer.taxNumber");
            w.optionalText("adoszamEU", buyer.euVatNumber(), "buyer.euVatNumber");
            w.end();

            w.start("tetelek");
            int index = 0;
            for (InvoiceLine line : draft.lines()) {
                String at = "lines[" + index++ + "].";
                w.start("tetel");
                w.text("megnevezes", line.name(), at + "name");
                w.decimal("mennyiseg", line.quantity());
                w.text("mennyisegiEgyseg", line.unit(), at + "unit");
                w.decimal("nettoEgysegar", line.netUnitPrice());
                w.text("afakulcs", line.vatRate().agentValue(), at + "vatRate");
                w.decimal("nettoErtek", line.netAmount());
                w.decimal("afaErtek", line.vatAmount());
                w.decimal("bruttoErtek", line.grossAmount());
                w.optionalText("megjegyzes", line.comment(), at + "comment");
                w.end();
            }
            w.end();
        });
    }

    /**
     * Renders the reverse (storno) request ({@code xmlszamlast}): no {@code keltDatum} and no fulfilment date (the
     * vendor takes the original's), {@code tipus=SS}, the reason as comment.
     *
     * @param eInvoice the original invoice's form — the vendor uses the request's value, not the original's
     */
    public AgentRequest reverseInvoice(AgentKey key, String invoiceNumber, boolean eInvoice, Optional<String> reason) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(invoiceNumber, "invoiceNumber");
        Objects.requireNonNull(reason, "reason");
        return render(AgentAction.REVERSE_INVOICE, w -> {
            w.start("beallitasok");
            w.text("szamlaagentkulcs", key.reveal(), "agent key");
            w.bool("eszamla", eInvoice);
            w.bool("szamlaLetoltes", false);
            w.number("valaszVerzio", ANSWER_VERSION);
            w.end();
            w.start("fejlec");
            w.text("szamlaszam", invoiceNumber, "invoiceNumber");
            w.optionalText("megjegyzes", reason, "reason");
            w.text("tipus", STORNO_TYPE, "tipus");
            w.end();
        });
    }

    /** Renders the invoice data query ({@code xmlszamlaxml}); the key is a direct child of the root. */
    public AgentRequest queryInvoice(AgentKey key, InvoiceSelector selector, boolean withPdf) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(selector, "selector");
        return render(AgentAction.QUERY_INVOICE, w -> {
            w.text("szamlaagentkulcs", key.reveal(), "agent key");
            selectorBeforeOptions(w, selector);
            if (withPdf) {
                w.bool("pdf", true);
            }
            selectorAfterOptions(w, selector);
        });
    }

    /** Renders the PDF query ({@code xmlszamlapdf}) with {@code valaszVerzio=2} (PDF base64 inside XML). */
    public AgentRequest queryPdf(AgentKey key, InvoiceSelector selector) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(selector, "selector");
        return render(AgentAction.QUERY_PDF, w -> {
            w.text("szamlaagentkulcs", key.reveal(), "agent key");
            selectorBeforeOptions(w, selector);
            w.number("valaszVerzio", ANSWER_VERSION);
            selectorAfterOptions(w, selector);
        });
    }

    private static void selectorBeforeOptions(Writer w, InvoiceSelector selector) throws XMLStreamException {
        switch (selector) {
            case InvoiceSelector.ByNumber n -> w.text("szamlaszam", n.value(), "invoiceNumber");
            case InvoiceSelector.ByOrderNumber o -> w.text("rendelesSzam", o.value(), "orderNumber");
            case InvoiceSelector.ByExternalId ignored -> { }
        }
    }

    private static void selectorAfterOptions(Writer w, InvoiceSelector selector) throws XMLStreamException {
        if (selector instanceof InvoiceSelector.ByExternalId e) {
            w.text("szamlaKulsoAzon", e.value(), "externalId");
        }
    }

    private static XMLOutputFactory outputFactory() {
        XMLOutputFactory factory = new WstxOutputFactory();
        factory.setProperty(WstxOutputProperties.P_USE_DOUBLE_QUOTES_IN_XML_DECL, true);
        factory.setProperty(WstxOutputProperties.P_OUTPUT_ESCAPE_CR, true);
        return factory;
    }

    @FunctionalInterface
    private interface Body {
        void write(Writer w) throws XMLStreamException;
    }

    private static AgentRequest render(AgentAction action, Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try {
            XMLStreamWriter xml = OUTPUT.createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.setDefaultNamespace(action.namespace());
            xml.writeStartElement(action.namespace(), action.rootElement());
            xml.writeDefaultNamespace(action.namespace());
            Writer w = new Writer(xml, action.namespace());
            body.write(w);
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            // Never include the document: it contains the key.
            throw new IllegalStateException("cannot render " + action.rootElement() + ": " + e.getClass().getSimpleName());
        }
        return new AgentRequest(action, out.toByteArray());
    }

    /** Thin helper over the StAX writer; every text value passes the XML 1.0 character check first. */
    private static final class Writer {
        private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;
        private final XMLStreamWriter xml;
        private final String ns;

        Writer(XMLStreamWriter xml, String ns) {
            this.xml = xml;
            this.ns = ns;
        }

        void start(String name) throws XMLStreamException {
            xml.writeStartElement(ns, name);
        }

        void end() throws XMLStreamException {
            xml.writeEndElement();
        }

        void empty(String name) throws XMLStreamException {
            xml.writeEmptyElement(ns, name);
        }

        void text(String name, String value, String field) throws XMLStreamException {
            Objects.requireNonNull(value, field);
            XmlText.require(field, value);
            start(name);
            xml.writeCharacters(value);
            end();
        }

        void optionalText(String name, Optional<String> value, String field) throws XMLStreamException {
            if (value.isPresent()) {
                text(name, value.get(), field);
            }
        }

        void bool(String name, boolean value) throws XMLStreamException {
            raw(name, value ? "true" : "false");
        }

        void number(String name, int value) throws XMLStreamException {
            raw(name, Integer.toString(value));
        }

        void decimal(String name, BigDecimal value) throws XMLStreamException {
            raw(name, value.toPlainString());
        }

        void date(String name, LocalDate value) throws XMLStreamException {
            raw(name, DATE.format(value));
        }

        private void raw(String name, String value) throws XMLStreamException {
            start(name);
            xml.writeCharacters(value);
            end();
        }
    }

}
