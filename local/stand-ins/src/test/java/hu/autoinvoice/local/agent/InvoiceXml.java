package hu.autoinvoice.local.agent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@code xmlszamla} (create) requests valid against the vendor XSD, elements in the vendor's sample order.
 * Test-only; amounts are given as the strings to send.
 */
final class InvoiceXml {

    private final String key;
    private boolean eInvoice;
    private boolean download;
    private Integer version = 2;
    private String externalId;
    private String currency = "HUF";
    private String orderNumber;
    private String prefix;
    private boolean preview;
    private String buyerName = "Kiss Anna";
    private String issueDate;
    private String fulfilmentDate = "2026-11-27";
    private String dueDate = "2026-11-27";
    private String extraHeaderElementAfterLanguage = "";
    private final List<String> lines = new ArrayList<>();

    private InvoiceXml(String key) {
        this.key = key;
    }

    static InvoiceXml invoice(String key) {
        return new InvoiceXml(key);
    }

    InvoiceXml eInvoice(boolean value) {
        eInvoice = value;
        return this;
    }

    InvoiceXml download(boolean value) {
        download = value;
        return this;
    }

    /** {@code valaszVerzio}; null leaves the element out (the vendor default 1). */
    InvoiceXml version(Integer value) {
        version = value;
        return this;
    }

    InvoiceXml externalId(String value) {
        externalId = value;
        return this;
    }

    InvoiceXml currency(String value) {
        currency = value;
        return this;
    }

    InvoiceXml orderNumber(String value) {
        orderNumber = value;
        return this;
    }

    InvoiceXml prefix(String value) {
        prefix = value;
        return this;
    }

    InvoiceXml preview(boolean value) {
        preview = value;
        return this;
    }

    InvoiceXml buyer(String value) {
        buyerName = value;
        return this;
    }

    /** {@code keltDatum}; null (the default) leaves it out. */
    InvoiceXml issueDate(String value) {
        issueDate = value;
        return this;
    }

    /** {@code teljesitesDatum} (default 2026-11-27). */
    InvoiceXml fulfilmentDate(String value) {
        fulfilmentDate = value;
        return this;
    }

    /** {@code fizetesiHataridoDatum} (default 2026-11-27). */
    InvoiceXml dueDate(String value) {
        dueDate = value;
        return this;
    }

    /** Raw XML inserted after {@code szamlaNyelve} (to break the schema on purpose). */
    InvoiceXml rawHeaderElement(String xml) {
        extraHeaderElementAfterLanguage = xml;
        return this;
    }

    InvoiceXml line(String quantity, String unitPrice, String vatRate, String net, String vat, String gross) {
        lines.add("""
                    <tetel>
                      <megnevezes>Napijegy — Sziget 2027</megnevezes>
                      <mennyiseg>%s</mennyiseg>
                      <mennyisegiEgyseg>db</mennyisegiEgyseg>
                      <nettoEgysegar>%s</nettoEgysegar>
                      <afakulcs>%s</afakulcs>
                      <nettoErtek>%s</nettoErtek>
                      <afaErtek>%s</afaErtek>
                      <bruttoErtek>%s</bruttoErtek>
                      <megjegyzes>2027-08-11</megjegyzes>
                    </tetel>
                """.formatted(quantity, unitPrice, vatRate, net, vat, gross));
        return this;
    }

    /** Two day tickets, gross-based 27 %: 2 × 19677 = 39354 net, 10626 VAT, 49980 gross. */
    InvoiceXml standardLine() {
        return line("2", "19677", "27", "39354", "10626", "49980");
    }

    String xml() {
        StringBuilder x = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <xmlszamla xmlns="http://www.szamlazz.hu/xmlszamla" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                  <beallitasok>
                """);
        x.append("    <szamlaagentkulcs>").append(key).append("</szamlaagentkulcs>\n");
        x.append("    <eszamla>").append(eInvoice).append("</eszamla>\n");
        x.append("    <szamlaLetoltes>").append(download).append("</szamlaLetoltes>\n");
        if (version != null) {
            x.append("    <valaszVerzio>").append(version).append("</valaszVerzio>\n");
        }
        if (externalId != null) {
            x.append("    <szamlaKulsoAzon>").append(externalId).append("</szamlaKulsoAzon>\n");
        }
        x.append("  </beallitasok>\n  <fejlec>\n");
        if (issueDate != null) {
            x.append("    <keltDatum>").append(issueDate).append("</keltDatum>\n");
        }
        x.append("    <teljesitesDatum>").append(fulfilmentDate).append("</teljesitesDatum>\n");
        x.append("    <fizetesiHataridoDatum>").append(dueDate).append("</fizetesiHataridoDatum>\n");
        x.append("    <fizmod>bankkártya</fizmod>\n");
        x.append("    <penznem>").append(currency).append("</penznem>\n");
        x.append("    <szamlaNyelve>hu</szamlaNyelve>\n");
        x.append(extraHeaderElementAfterLanguage);
        if (!currency.equals("HUF")) {
            x.append("    <arfolyamBank>MNB</arfolyamBank>\n    <arfolyam>400.5</arfolyam>\n");
        }
        if (orderNumber != null) {
            x.append("    <rendelesSzam>").append(orderNumber).append("</rendelesSzam>\n");
        }
        if (prefix != null) {
            x.append("    <szamlaszamElotag>").append(prefix).append("</szamlaszamElotag>\n");
        }
        x.append("    <fizetve>true</fizetve>\n");
        if (preview) {
            x.append("    <elonezetpdf>true</elonezetpdf>\n");
        }
        x.append("  </fejlec>\n  <elado></elado>\n  <vevo>\n");
        x.append("    <nev>").append(buyerName).append("</nev>\n");
        x.append("""
                    <orszag>Magyarország</orszag>
                    <irsz>1051</irsz>
                    <telepules>Budapest</telepules>
                    <cim>Október 6. utca 7.</cim>
                    <email>anna@example.hu</email>
                    <sendEmail>false</sendEmail>
                    <adoalany>-1</adoalany>
                  </vevo>
                  <tetelek>
                """);
        (lines.isEmpty() ? List.of(standardLineXml()) : lines).forEach(x::append);
        x.append("  </tetelek>\n</xmlszamla>\n");
        return x.toString();
    }

    byte[] bytes() {
        return xml().getBytes(StandardCharsets.UTF_8);
    }

    private static String standardLineXml() {
        return new InvoiceXml("x").standardLine().lines.getFirst();
    }

    /** An {@code xmlszamlast} storno request. */
    static byte[] storno(String key, String number, int version, boolean download) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <xmlszamlast xmlns="http://www.szamlazz.hu/xmlszamlast">
                  <beallitasok>
                    <szamlaagentkulcs>%s</szamlaagentkulcs>
                    <eszamla>false</eszamla>
                    <szamlaLetoltes>%s</szamlaLetoltes>
                    <valaszVerzio>%d</valaszVerzio>
                  </beallitasok>
                  <fejlec>
                    <szamlaszam>%s</szamlaszam>
                    <megjegyzes>event cancelled</megjegyzes>
                    <tipus>SS</tipus>
                  </fejlec>
                </xmlszamlast>
                """.formatted(key, download, version, number).getBytes(StandardCharsets.UTF_8);
    }

    /** An {@code xmlszamlaxml} data query; pass exactly one selector non-null. */
    static byte[] xmlQuery(String key, String number, String orderNumber, String externalId, boolean pdf) {
        StringBuilder x = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <xmlszamlaxml xmlns="http://www.szamlazz.hu/xmlszamlaxml">
                """);
        x.append("  <szamlaagentkulcs>").append(key).append("</szamlaagentkulcs>\n");
        selectors(x, number, orderNumber);
        if (pdf) {
            x.append("  <pdf>true</pdf>\n");
        }
        if (externalId != null) {
            x.append("  <szamlaKulsoAzon>").append(externalId).append("</szamlaKulsoAzon>\n");
        }
        return x.append("</xmlszamlaxml>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An {@code xmlszamlapdf} PDF query. */
    static byte[] pdfQuery(String key, String number, String orderNumber, String externalId, int version) {
        StringBuilder x = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <xmlszamlapdf xmlns="http://www.szamlazz.hu/xmlszamlapdf">
                """);
        x.append("  <szamlaagentkulcs>").append(key).append("</szamlaagentkulcs>\n");
        selectors(x, number, orderNumber);
        x.append("  <valaszVerzio>").append(version).append("</valaszVerzio>\n");
        if (externalId != null) {
            x.append("  <szamlaKulsoAzon>").append(externalId).append("</szamlaKulsoAzon>\n");
        }
        return x.append("</xmlszamlapdf>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void selectors(StringBuilder x, String number, String orderNumber) {
        if (number != null) {
            x.append("  <szamlaszam>").append(number).append("</szamlaszam>\n");
        }
        if (orderNumber != null) {
            x.append("  <rendelesSzam>").append(orderNumber).append("</rendelesSzam>\n");
        }
    }
}
