package hu.autoinvoice.agent;

import hu.autoinvoice.invoice.Buyer;
import hu.autoinvoice.invoice.CallId;
import hu.autoinvoice.invoice.DocumentLine;
import hu.autoinvoice.invoice.InvoiceDraft;
import hu.autoinvoice.invoice.InvoiceLine;
import hu.autoinvoice.invoice.InvoiceSettings;
import hu.autoinvoice.invoice.ReceiptDraft;
import hu.autoinvoice.invoice.ReceiptLine;
import java.nio.charset.StandardCharsets;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders the Számla Agent request documents, pure and deterministic: same input, same bytes. Element order is the
 * vendor XSD {@code sequence} (downloadable XSD version), UTF-8 with an XML declaration, default namespace
 * {@code http://www.szamlazz.hu/<root>}, booleans {@code true/false}, dates {@code yyyy-MM-dd}, decimals with
 * {@code .} and never in exponent form. The documents are written by {@link Writer}, a few lines for this fixed
 * vocabulary (element names are constants, so only text is escaped: {@code &}, {@code <}, the {@code >} of
 * {@code ]]>}, and CR as {@code &#xd;} so it survives parsing) — no XML library in the Lambda jars.
 * Text XML 1.0 cannot carry is refused with an {@link IllegalArgumentException} naming the field.
 *
 * <p>Choices: {@code keltDatum} is never sent (the vendor sets today); {@code valaszVerzio=2} wherever the XSD has
 * it; the seller block stays empty (seller data comes from the account); a create downloads no PDF, a preview does
 * ({@code szamlaLetoltes}).
 */
public final class AgentRequestRenderer {

    private static final int ANSWER_VERSION = 2;
    private static final String STORNO_TYPE = "SS";

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
                lineHead(w, at, line);
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

    /**
     * Renders the receipt create request ({@code xmlnyugtacreate}; its XSD is an {@code all}, written here in the
     * XSD's listing order): the call id, prefix, payment method, currency, comment and order number; gross-priced
     * lines with their derived net and VAT; no payments block (optional; the vendor then takes the payment method).
     */
    public AgentRequest createReceipt(AgentKey key, ReceiptDraft draft) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(draft, "draft");
        return render(AgentAction.CREATE_RECEIPT, w -> {
            receiptSettings(w, key);
            w.start("fejlec");
            w.text("hivasAzonosito", draft.callId().value(), "callId");
            w.text("elotag", draft.prefix(), "prefix");
            w.text("fizmod", draft.paymentMethod().agentValue(), "paymentMethod");
            w.text("penznem", draft.currency(), "currency");
            w.optionalText("megjegyzes", draft.comment(), "comment");
            w.optionalText("rendelesSzam", draft.orderNumber(), "orderNumber");
            w.end();
            w.start("tetelek");
            int index = 0;
            for (ReceiptLine line : draft.lines()) {
                String at = "lines[" + index++ + "].";
                w.start("tetel");
                lineHead(w, at, line);
                w.decimal("netto", line.netAmount());
                w.decimal("afa", line.vatAmount());
                w.decimal("brutto", line.grossAmount());
                w.end();
            }
            w.end();
        });
    }

    /** Renders the receipt storno request ({@code xmlnyugtast}, an XSD {@code sequence}). */
    public AgentRequest reverseReceipt(AgentKey key, String receiptNumber, Optional<CallId> callId) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(receiptNumber, "receiptNumber");
        Objects.requireNonNull(callId, "callId");
        return render(AgentAction.REVERSE_RECEIPT, w -> {
            receiptSettings(w, key);
            w.start("fejlec");
            w.text("nyugtaszam", receiptNumber, "receiptNumber");
            w.optionalText("hivasAzonosito", callId.map(CallId::value), "callId");
            w.end();
        });
    }

    /** Renders the receipt get ({@code xmlnyugtaget}) by number or call id, optionally with the PDF. */
    public AgentRequest getReceipt(AgentKey key, ReceiptSelector selector, boolean withPdf) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(selector, "selector");
        return render(AgentAction.GET_RECEIPT, w -> {
            w.start("beallitasok");
            w.text("szamlaagentkulcs", key.reveal(), "agent key");
            w.bool("pdfLetoltes", withPdf);
            w.end();
            w.start("fejlec");
            switch (selector) {
                case ReceiptSelector.ByNumber n -> w.text("nyugtaszam", n.value(), "receiptNumber");
                case ReceiptSelector.ByCallId c -> w.text("hivasAzonosito", c.value().value(), "callId");
            }
            w.end();
        });
    }

    /** Renders the receipt e-mail request ({@code xmlnyugtasend}, an XSD {@code sequence}). */
    public AgentRequest sendReceipt(AgentKey key, String receiptNumber, String email, String subject,
            Optional<String> text) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(receiptNumber, "receiptNumber");
        Objects.requireNonNull(text, "text");
        return render(AgentAction.SEND_RECEIPT, w -> {
            w.start("beallitasok");
            w.text("szamlaagentkulcs", key.reveal(), "agent key");
            w.end();
            w.start("fejlec");
            w.text("nyugtaszam", receiptNumber, "receiptNumber");
            w.end();
            w.start("emailKuldes");
            w.text("email", email, "email");
            w.text("emailTargy", subject, "subject");
            w.optionalText("emailSzoveg", text, "text");
            w.end();
        });
    }

    /**
     * The five elements an invoice's and a receipt's {@code tetel} start with, in XSD order; the amounts follow under
     * each document's own names ({@code nettoErtek} / {@code netto}, …).
     */
    private static void lineHead(Writer w, String at, DocumentLine line) {
        w.text("megnevezes", line.name(), at + "name");
        w.decimal("mennyiseg", line.quantity());
        w.text("mennyisegiEgyseg", line.unit(), at + "unit");
        w.decimal("nettoEgysegar", line.netUnitPrice());
        w.text("afakulcs", line.vatRate().agentValue(), at + "vatRate");
    }

    /** The receipt create / storno settings: the key, then {@code pdfLetoltes=false} (sequence order for storno). */
    private static void receiptSettings(Writer w, AgentKey key) {
        w.start("beallitasok");
        w.text("szamlaagentkulcs", key.reveal(), "agent key");
        w.bool("pdfLetoltes", false);
        w.end();
    }

    private static void selectorBeforeOptions(Writer w, InvoiceSelector selector) {
        switch (selector) {
            case InvoiceSelector.ByNumber n -> w.text("szamlaszam", n.value(), "invoiceNumber");
            case InvoiceSelector.ByOrderNumber o -> w.text("rendelesSzam", o.value(), "orderNumber");
            case InvoiceSelector.ByExternalId ignored -> { }
        }
    }

    private static void selectorAfterOptions(Writer w, InvoiceSelector selector) {
        if (selector instanceof InvoiceSelector.ByExternalId e) {
            w.text("szamlaKulsoAzon", e.value(), "externalId");
        }
    }

    @FunctionalInterface
    private interface Body {
        void write(Writer w);
    }

    private static AgentRequest render(AgentAction action, Body body) {
        Writer w = new Writer();
        w.out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(action.rootElement())
                .append(" xmlns=\"").append(action.namespace()).append("\">");
        body.write(w);
        w.out.append("</").append(action.rootElement()).append('>');
        return new AgentRequest(action, w.out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes elements of the Agent vocabulary; every text value passes the XML 1.0 character check first. */
    private static final class Writer {
        private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;
        private final StringBuilder out = new StringBuilder(2048);
        private final ArrayDeque<String> open = new ArrayDeque<>();

        void start(String name) {
            open.push(name);
            out.append('<').append(name).append('>');
        }

        /** Closes the innermost open element. */
        void end() {
            out.append("</").append(open.pop()).append('>');
        }

        void empty(String name) {
            out.append('<').append(name).append("/>");
        }

        void text(String name, String value, String field) {
            Objects.requireNonNull(value, field);
            XmlText.require(field, value);
            start(name);
            escaped(value);
            end();
        }

        void optionalText(String name, Optional<String> value, String field) {
            if (value.isPresent()) {
                text(name, value.get(), field);
            }
        }

        void bool(String name, boolean value) {
            raw(name, value ? "true" : "false");
        }

        void number(String name, int value) {
            raw(name, Integer.toString(value));
        }

        void decimal(String name, BigDecimal value) {
            raw(name, value.toPlainString());
        }

        void date(String name, LocalDate value) {
            raw(name, DATE.format(value));
        }

        private void raw(String name, String value) {
            start(name);
            out.append(value);
            end();
        }

        private void escaped(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '&' -> out.append("&amp;");
                    case '<' -> out.append("&lt;");
                    case '\r' -> out.append("&#xd;");
                    case '>' -> out.append(i >= 2 && text.charAt(i - 1) == ']' && text.charAt(i - 2) == ']' ? "&gt;" : ">");
                    default -> out.append(c);
                }
            }
        }
    }
}
