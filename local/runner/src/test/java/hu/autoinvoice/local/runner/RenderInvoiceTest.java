package hu.autoinvoice.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.invoice.CallId;
import hu.autoinvoice.local.CiRequirement;
import hu.autoinvoice.local.aws.ProjectRoot;
import hu.autoinvoice.testing.VendorSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code make -s render-invoice}: a purchase message becomes the {@code xmlszamla} request the issuer sends, or with
 * {@code --receipt} the {@code xmlnyugtacreate} request of the e-receipt it becomes; both valid under the vendor's XSD,
 * with the placeholder key, never a real one.
 */
class RenderInvoiceTest {

    /** What one run printed and its exit status. */
    private record Run(int status, String out, String err) {
        byte[] xml() {
            return out.strip().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static Run render(String json, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RenderInvoice.run(json, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String message(String name) throws IOException {
        Path root = ProjectRoot.find().orElse(Path.of("../.."));
        return Files.readString(root.resolve("events/messages").resolve(name));
    }

    private static String element(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        assertThat(m.find()).as("<" + name + "> in " + xml).isTrue();
        return m.group(1);
    }

    @Test
    void aPurchaseBecomesTheXmlszamlaRequestTheXsdAccepts() throws IOException {
        VendorSchemas schemas = CiRequirement.vendorSchemas();
        Run run = render(message("purchase-paid.person.json"), "--prefix=TIX");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("<xmlszamla").contains(RenderInvoice.DUMMY_KEY.reveal());
        assertThat(schemas.validateRequest("xmlszamla", run.xml())).isEmpty();
    }

    @Test
    void withReceiptAPrivateBuyersPurchaseBecomesTheXmlnyugtacreateRequestTheXsdAccepts() throws IOException {
        VendorSchemas schemas = CiRequirement.vendorSchemas();
        Run run = render(message("purchase-paid.person.json"), "--receipt");
        assertThat(run.status()).as(run.err()).isZero();
        String xml = run.out();
        assertThat(xml).contains("<xmlnyugtacreate").doesNotContain("<xmlszamla");
        assertThat(schemas.validateRequest("xmlnyugtacreate", run.xml())).as(xml).isEmpty();
        assertThat(element(xml, "szamlaagentkulcs")).as("the placeholder key").isEqualTo(RenderInvoice.DUMMY_KEY.reveal());
        assertThat(element(xml, "elotag")).as("the default prefix").isEqualTo(RenderInvoice.DEFAULT_RECEIPT_PREFIX);
        assertThat(element(xml, "hivasAzonosito")).as("the call id of the message's account and purchase")
                .isEqualTo(CallId.of("org-42", "P-2026-000123").value());
        assertThat(element(xml, "rendelesSzam")).isEqualTo("P-2026-000123");
        assertThat(element(xml, "penznem")).isEqualTo("HUF");
        assertThat(element(xml, "brutto")).as("2 × 24990, gross as paid").isEqualTo("49980");
        assertThat(xml).as("a receipt names no buyer").doesNotContain("Kiss Anna").doesNotContain("anna@example.hu");

        Run prefixed = render(message("purchase-paid.person.json"), "--receipt", "--prefix=ABC1");
        assertThat(prefixed.status()).as(prefixed.err()).isZero();
        assertThat(element(prefixed.out(), "elotag")).isEqualTo("ABC1");
        assertThat(schemas.validateRequest("xmlnyugtacreate", prefixed.xml())).isEmpty();

        Run euro = render(message("purchase-paid.person.json").replace("\"HUF\"", "\"EUR\"")
                .replace("\"24990\"", "\"49.90\""), "--receipt");
        assertThat(euro.status()).as(euro.err()).isZero();
        assertThat(element(euro.out(), "penznem")).isEqualTo("EUR");
        assertThat(schemas.validateRequest("xmlnyugtacreate", euro.xml())).as(euro.out()).isEmpty();
    }

    @Test
    void whatReceiptRefusesIsOneClearLine() throws IOException {
        Run company = render(message("purchase-paid.hu-company.json"), "--receipt");
        assertThat(company.status()).isEqualTo(2);
        assertThat(company.out()).isEmpty();
        assertThat(company.err()).contains("company buyer always gets an invoice").hasLineCount(1);

        Run eInvoice = render(message("purchase-paid.person.json"), "--receipt", "--e-invoice");
        assertThat(eInvoice.status()).isEqualTo(64);
        assertThat(eInvoice.err()).contains("--receipt and --e-invoice");

        Run lowerCase = render(message("purchase-paid.person.json"), "--receipt", "--prefix=nygt");
        assertThat(lowerCase.status()).isEqualTo(64);
        assertThat(lowerCase.err()).contains("upper-case letters and digits");
        assertThat(lowerCase.out()).isEmpty();

        Run unknown = render(message("purchase-paid.person.json"), "--nyugta");
        assertThat(unknown.status()).isEqualTo(64);
        assertThat(unknown.err()).contains("--receipt");
    }
}
