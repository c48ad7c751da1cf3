package hu.autoinvoice.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The strict parser and the published JSON Schema (networknt json-schema-validator, draft 2020-12, format
 * assertions on) give the same verdict on every case: the sample messages (valid and invalid, every file in
 * events/messages and events/messages/invalid) and a set of hand-made variations.
 * Parser-only rules (duplicate keys, unpaired surrogates) are covered in {@link PurchaseMessagesTest}.
 */
class MessageSchemaAgreementTest {

    private static final String PERSON = RepoFiles.read(RepoFiles.messagesDir().resolve("purchase-paid.person.json"));
    private static final String REFUND = RepoFiles.read(RepoFiles.messagesDir().resolve("purchase-refunded.json"));
    private static final String AMENDED =
            RepoFiles.read(RepoFiles.messagesDir().resolve("purchase-amended.partial-refund.json"));

    record Case(String name, String json, boolean valid) {
    }

    @TestFactory
    Stream<DynamicTest> parserAndSchemaAgree() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(RepoFiles.messagesDir())) {
            files.filter(p -> p.toString().endsWith(".json"))
                    .forEach(p -> cases.add(new Case("sample " + p.getFileName(), RepoFiles.read(p), true)));
        }
        try (Stream<Path> files = Files.list(RepoFiles.messagesDir().resolve("invalid"))) {
            files.filter(p -> p.toString().endsWith(".json"))
                    .forEach(p -> cases.add(new Case("invalid sample " + p.getFileName(), RepoFiles.read(p), false)));
        }
        // valid variations
        ok(cases, "version 1.0", PERSON.replace("\"version\": 1", "\"version\": 1.0"));
        ok(cases, "no sendEmail", PERSON.replace(",\n  \"sendEmail\": true", ""));
        ok(cases, "no email", PERSON.replace("\"email\": \"anna@example.hu\",", ""));
        ok(cases, "null comment", PERSON.replace("\"2027-08-11\"", "null"));
        ok(cases, "multi-line comment", PERSON.replace("\"2027-08-11\"", "\"a\\n\\tb\\r\\nc\""));
        ok(cases, "fraction and offset", PERSON.replace("2026-11-27T18:05:11Z", "2026-11-27T19:05:11.123456789+01:00"));
        ok(cases, "discount line", PERSON.replace("\n  ],\n  \"sendEmail\"", ","
                + "{ \"name\": \"Kedvezmény\", \"quantity\": \"1\", \"unit\": \"db\", \"unitPrice\": \"-2000.5\", \"priceIncludesVat\": true, \"vat\": \"27\" }\n  ],\n  \"sendEmail\""));
        ok(cases, "AAM", PERSON.replace("\"vat\": \"27\"", "\"vat\": \"AAM\""));
        ok(cases, "quantity 0.001", PERSON.replace("\"quantity\": \"2\"", "\"quantity\": \"0.001\""));
        ok(cases, "quantity 99999.999", PERSON.replace("\"quantity\": \"2\"", "\"quantity\": \"99999.999\""));
        ok(cases, "unit price 999999999.99", PERSON.replace("\"24990\"", "\"999999999.99\""));
        ok(cases, "unit price 0", PERSON.replace("\"24990\"", "\"0\""));
        ok(cases, "64-char id", PERSON.replace("\"org-42\"", "\"" + "a".repeat(64) + "\""));
        ok(cases, "name of 200 code points with emoji", PERSON.replace("Kiss Anna", "🎫".repeat(200)));
        ok(cases, "hu company", PERSON.replace("\"type\": \"person\"", "\"type\": \"hu_company\"")
                .replace("\"taxNumber\": null", "\"taxNumber\": \"12345676-2-41\""));
        ok(cases, "eu company", PERSON.replace("\"type\": \"person\"", "\"type\": \"eu_company\"")
                .replace("\"taxNumber\": null,", "").replace("\"euVatNumber\": null", "\"euVatNumber\": \"EL123456789\""));
        ok(cases, "refund without reason", REFUND.replace(",\n  \"reason\": \"event cancelled\"", ""));
        ok(cases, "non-breaking space inside a name", PERSON.replace("Kiss Anna", "Kiss\\u00a0Anna"));
        ok(cases, "amended revision 1.0", AMENDED.replace("\"revision\": 1", "\"revision\": 1.0"));
        ok(cases, "amended revision 1e0", AMENDED.replace("\"revision\": 1", "\"revision\": 1e0"));
        ok(cases, "amended revision 2147483647", AMENDED.replace("\"revision\": 1", "\"revision\": 2147483647"));
        ok(cases, "amended without sendEmail", AMENDED.replace(",\n  \"sendEmail\": true", ""));
        ok(cases, "amended eu company", AMENDED.replace("\"type\": \"person\"", "\"type\": \"eu_company\"")
                .replace("\"taxNumber\": null,", "").replace("\"euVatNumber\": null", "\"euVatNumber\": \"DE123456789\""));
        ok(cases, "amended discount line", AMENDED.replace("\n  ],\n  \"sendEmail\"", ","
                + "{ \"name\": \"Kedvezmény\", \"quantity\": \"1\", \"unit\": \"db\", \"unitPrice\": \"-2000\", \"priceIncludesVat\": true, \"vat\": \"27\" }\n  ],\n  \"sendEmail\""));
        // invalid variations
        bad(cases, "version 2", PERSON.replace("\"version\": 1", "\"version\": 2"));
        bad(cases, "version string", PERSON.replace("\"version\": 1", "\"version\": \"1\""));
        bad(cases, "no type", PERSON.replace("\"type\": \"purchase.paid\",", ""));
        bad(cases, "unknown type", REFUND.replace("purchase.refunded", "purchase.cancelled"));
        bad(cases, "refund with paid fields", REFUND.replace("\"reason\"", "\"currency\": \"HUF\", \"reason\""));
        bad(cases, "unknown top field", PERSON.replace("\"sendEmail\": true", "\"sendEmail\": true, \"coupon\": \"X\""));
        bad(cases, "sendEmail null", PERSON.replace("\"sendEmail\": true", "\"sendEmail\": null"));
        bad(cases, "unknown buyer field", PERSON.replace("\"city\": \"Budapest\",", "\"city\": \"Budapest\", \"phone\": \"1\","));
        bad(cases, "unit price number", PERSON.replace("\"24990\"", "24990"));
        bad(cases, "unit price 3 decimals", PERSON.replace("\"24990\"", "\"12.345\""));
        bad(cases, "unit price 10 digits", PERSON.replace("\"24990\"", "\"1234567890\""));
        bad(cases, "unit price leading zero", PERSON.replace("\"24990\"", "\"024990\""));
        bad(cases, "unit price trailing newline", PERSON.replace("\"24990\"", "\"24990\\n\""));
        bad(cases, "unit price plus sign", PERSON.replace("\"24990\"", "\"+24990\""));
        bad(cases, "quantity 0", PERSON.replace("\"quantity\": \"2\"", "\"quantity\": \"0\""));
        bad(cases, "quantity 0.000", PERSON.replace("\"quantity\": \"2\"", "\"quantity\": \"0.000\""));
        bad(cases, "quantity negative", PERSON.replace("\"quantity\": \"2\"", "\"quantity\": \"-1\""));
        bad(cases, "quantity 100000", PERSON.replace("\"quantity\": \"2\"", "\"quantity\": \"100000\""));
        bad(cases, "price includes vat as string", PERSON.replace("\"priceIncludesVat\": true", "\"priceIncludesVat\": \"true\""));
        bad(cases, "vat 27.0", PERSON.replace("\"vat\": \"27\"", "\"vat\": \"27.0\""));
        bad(cases, "vat number", PERSON.replace("\"vat\": \"27\"", "\"vat\": 27"));
        bad(cases, "legacy vat code", PERSON.replace("\"vat\": \"27\"", "\"vat\": \"MAA\""));
        bad(cases, "currency lower case", PERSON.replace("\"HUF\"", "\"huf\""));
        bad(cases, "currency trailing newline", PERSON.replace("\"HUF\"", "\"HUF\\n\""));
        bad(cases, "language vendor token", PERSON.replace("\"language\": \"hu\"", "\"language\": \"si\""));
        bad(cases, "payment method", PERSON.replace("\"card\"", "\"Card\""));
        bad(cases, "buyer type", PERSON.replace("\"type\": \"person\"", "\"type\": \"company\""));
        bad(cases, "hu company without tax number", PERSON.replace("\"type\": \"person\"", "\"type\": \"hu_company\""));
        bad(cases, "person with tax number", PERSON.replace("\"taxNumber\": null", "\"taxNumber\": \"12345676-2-41\""));
        bad(cases, "tax number format", PERSON.replace("\"type\": \"person\"", "\"type\": \"hu_company\"")
                .replace("\"taxNumber\": null", "\"taxNumber\": \"12345676241\""));
        bad(cases, "eu company with HU vat", PERSON.replace("\"type\": \"person\"", "\"type\": \"eu_company\"")
                .replace("\"euVatNumber\": null", "\"euVatNumber\": \"HU12345678\""));
        bad(cases, "eu company with tax number", PERSON.replace("\"type\": \"person\"", "\"type\": \"eu_company\"")
                .replace("\"taxNumber\": null", "\"taxNumber\": \"12345676-2-41\"")
                .replace("\"euVatNumber\": null", "\"euVatNumber\": \"DE123456789\""));
        bad(cases, "country name", PERSON.replace("\"country\": \"HU\"", "\"country\": \"Hungary\""));
        bad(cases, "email without at", PERSON.replace("anna@example.hu", "anna.example.hu"));
        bad(cases, "two emails", PERSON.replace("anna@example.hu", "anna@example.hu,b@example.hu"));
        bad(cases, "blank name", PERSON.replace("Kiss Anna", " \\t "));
        bad(cases, "nbsp-only name", PERSON.replace("Kiss Anna", "\\u00a0\\u3000"));
        bad(cases, "name with line break", PERSON.replace("Kiss Anna", "Kiss\\nAnna"));
        bad(cases, "name with bell", PERSON.replace("Kiss Anna", "Kiss\\u0007Anna"));
        bad(cases, "name with U+FFFE", PERSON.replace("Kiss Anna", "Kiss\\ufffeAnna"));
        bad(cases, "name with line separator", PERSON.replace("Kiss Anna", "Kiss Anna\\u2028"));
        bad(cases, "comment with NUL", PERSON.replace("\"2027-08-11\"", "\"a\\u0000\""));
        bad(cases, "name too long", PERSON.replace("Kiss Anna", "x".repeat(201)));
        bad(cases, "postal code too long", PERSON.replace("\"1051\"", "\"" + "1".repeat(17) + "\""));
        bad(cases, "comment too long", PERSON.replace("\"2027-08-11\"", "\"" + "c".repeat(501) + "\""));
        bad(cases, "id with colon", PERSON.replace("\"org-42\"", "\"org:42\""));
        bad(cases, "id starting with dash", PERSON.replace("\"org-42\"", "\"-org\""));
        bad(cases, "id 65 chars", PERSON.replace("\"org-42\"", "\"" + "a".repeat(65) + "\""));
        bad(cases, "id with trailing newline", PERSON.replace("\"org-42\"", "\"org-42\\n\""));
        bad(cases, "empty id", PERSON.replace("\"org-42\"", "\"\""));
        bad(cases, "timestamp without offset", PERSON.replace("2026-11-27T18:05:11Z", "2026-11-27T18:05:11"));
        bad(cases, "timestamp lower-case z", PERSON.replace("2026-11-27T18:05:11Z", "2026-11-27T18:05:11z"));
        bad(cases, "timestamp 30 February", PERSON.replace("2026-11-27T18:05:11Z", "2026-02-30T18:05:11Z"));
        bad(cases, "timestamp without seconds", PERSON.replace("2026-11-27T18:05:11Z", "2026-11-27T18:05Z"));
        bad(cases, "timestamp epoch number", PERSON.replace("\"2026-11-27T18:05:11Z\"", "1795802711"));
        bad(cases, "no lines", PERSON.replace(PERSON.substring(PERSON.indexOf("\"lines\""), PERSON.indexOf("\"sendEmail\"")), "\"lines\": [],\n  "));
        bad(cases, "lines object", PERSON.replace(PERSON.substring(PERSON.indexOf("\"lines\""), PERSON.indexOf("\"sendEmail\"")), "\"lines\": {},\n  "));
        bad(cases, "missing buyer", PERSON.replace(PERSON.substring(PERSON.indexOf("\"buyer\""), PERSON.indexOf("\"lines\"")), ""));
        bad(cases, "null required", PERSON.replace("\"currency\": \"HUF\"", "\"currency\": null"));
        bad(cases, "amended revision 2147483648", AMENDED.replace("\"revision\": 1", "\"revision\": 2147483648"));
        bad(cases, "amended revision -1", AMENDED.replace("\"revision\": 1", "\"revision\": -1"));
        bad(cases, "amended revision 1.000001", AMENDED.replace("\"revision\": 1", "\"revision\": 1.000001"));
        bad(cases, "amended revision null", AMENDED.replace("\"revision\": 1", "\"revision\": null"));
        bad(cases, "amended revision true", AMENDED.replace("\"revision\": 1", "\"revision\": true"));
        bad(cases, "amended without revision", AMENDED.replace("\"revision\": 1,", ""));
        bad(cases, "amended without paidAt", AMENDED.replace("\"paidAt\": \"2026-11-27T18:05:11Z\",", ""));
        bad(cases, "amended without lines", AMENDED.replace(AMENDED.substring(AMENDED.indexOf(",\n  \"lines\""), AMENDED.indexOf(",\n  \"sendEmail\"")), ""));
        bad(cases, "amended amendedAt without offset", AMENDED.replace("2026-11-28T10:20:00+01:00", "2026-11-28T10:20:00"));
        bad(cases, "amended lines null", AMENDED.replace(AMENDED.substring(AMENDED.indexOf("\"lines\""), AMENDED.indexOf("\"sendEmail\"")), "\"lines\": null,\n  "));
        bad(cases, "amended with refundedAt", AMENDED.replace("\"amendedAt\"", "\"refundedAt\": \"2026-11-28T09:00:00Z\", \"amendedAt\""));
        bad(cases, "amended hu company without tax number", AMENDED.replace("\"type\": \"person\"", "\"type\": \"hu_company\""));
        bad(cases, "amended unit price number", AMENDED.replace("\"24990\"", "24990"));
        bad(cases, "amended version 1.5", AMENDED.replace("\"version\": 1", "\"version\": 1.5"));
        bad(cases, "paid with revision", PERSON.replace("\"paidAt\"", "\"revision\": 1, \"paidAt\""));
        bad(cases, "refund with revision", REFUND.replace("\"reason\"", "\"revision\": 1, \"reason\""));
        bad(cases, "array document", "[" + PERSON + "]");
        bad(cases, "string document", "\"purchase.paid\"");
        bad(cases, "trailing tokens", REFUND + " {}");
        bad(cases, "not json", "type=purchase.paid");

        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            boolean parserAccepts = PurchaseMessages.parse(c.json()) instanceof ParseResult.Valid;
            boolean schemaAccepts = MessageSchema.accepts(c.json());
            assertThat(parserAccepts).as("parser accepts " + c.name() + " / " + PurchaseMessages.parse(c.json()))
                    .isEqualTo(c.valid());
            assertThat(schemaAccepts).as("schema accepts " + c.name() + " / "
                    + (c.valid() ? schemaErrors(c.json()) : "")).isEqualTo(c.valid());
        }));
    }

    private static String schemaErrors(String json) {
        try {
            return MessageSchema.errors(MessageSchema.JSON.readTree(json)).toString();
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static void ok(List<Case> cases, String name, String json) {
        add(cases, name, json, true);
    }

    private static void bad(List<Case> cases, String name, String json) {
        add(cases, name, json, false);
    }

    private static void add(List<Case> cases, String name, String json, boolean valid) {
        if (json.equals(PERSON) || json.equals(REFUND) || json.equals(AMENDED)) {
            throw new IllegalStateException("case '" + name + "' did not change the sample");
        }
        cases.add(new Case(name, json, valid));
    }
}
