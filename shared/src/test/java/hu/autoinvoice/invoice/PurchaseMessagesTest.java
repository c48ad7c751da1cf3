package hu.autoinvoice.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The strict parser on the sample messages and on hand-written bad input. */
class PurchaseMessagesTest {

    private static final String PERSON_SAMPLE = RepoFiles.read(RepoFiles.messagesDir().resolve("purchase-paid.person.json"));

    @Test
    void personSampleParsesToTheDomainRecords() {
        PurchasePaid paid = (PurchasePaid) valid(PERSON_SAMPLE);
        assertThat(paid.purchaseId()).isEqualTo("P-2026-000123");
        assertThat(paid.accountId()).isEqualTo("org-42");
        assertThat(paid.paidAt()).isEqualTo(Instant.parse("2026-11-27T18:05:11Z"));
        assertThat(paid.currency()).isEqualTo("HUF");
        assertThat(paid.paymentMethod()).isEqualTo(PaymentMethod.CARD);
        assertThat(paid.language()).isEqualTo(InvoiceLanguage.HU);
        assertThat(paid.buyer()).isEqualTo(new Buyer(BuyerType.PERSON, "Kiss Anna", Optional.of("anna@example.hu"),
                true, "HU", "1051", "Budapest", "Október 6. utca 7.", Optional.empty(), Optional.empty()));
        assertThat(paid.lines()).containsExactly(new PurchaseLine("Napijegy — Sziget 2027", new BigDecimal("2"), "db",
                new BigDecimal("24990"), true, VatRates.parse("27").orElseThrow(), Optional.of("2027-08-11")));
        assertThat(paid.externalId()).isEqualTo("ai:org-42:P-2026-000123");
    }

    @Test
    void everySampleParsesAndItsPurchasesCompute() throws IOException {
        List<Path> samples;
        try (Stream<Path> files = Files.list(RepoFiles.messagesDir())) {
            samples = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(samples).hasSizeGreaterThanOrEqualTo(7);
        for (Path sample : samples) {
            InvoiceRequestMessage message = valid(RepoFiles.read(sample));
            Optional<PurchasePaid> purchase = switch (message) {
                case PurchasePaid paid -> Optional.of(paid);
                case PurchaseAmended amended -> amended.remaining();
                case PurchaseRefunded refunded -> Optional.empty();
            };
            purchase.ifPresent(paid -> assertThat(InvoiceCalculator.draft(paid)).as(sample.toString())
                    .isInstanceOf(DraftResult.Computed.class));
        }
    }

    @Test
    void samplesCoverPersonCompanyEuroAndRefund() {
        PurchasePaid company = (PurchasePaid) valid(RepoFiles.read(RepoFiles.messagesDir().resolve("purchase-paid.hu-company.json")));
        assertThat(company.buyer().type()).isEqualTo(BuyerType.HU_COMPANY);
        assertThat(company.buyer().taxNumber()).contains("12345676-2-06");
        PurchasePaid eur = (PurchasePaid) valid(RepoFiles.read(RepoFiles.messagesDir().resolve("purchase-paid.eur.json")));
        assertThat(eur.currency()).isEqualTo("EUR");
        assertThat(eur.paidAt()).isEqualTo(Instant.parse("2026-11-28T09:15:00Z"));
        assertThat(eur.buyer().sendEmail()).isFalse();
        PurchaseRefunded refund = (PurchaseRefunded) valid(RepoFiles.read(RepoFiles.messagesDir().resolve("purchase-refunded.json")));
        assertThat(refund).isEqualTo(new PurchaseRefunded("P-2026-000123", "org-42",
                Instant.parse("2026-11-28T09:00:00Z"), Optional.of("event cancelled")));
    }

    @Test
    void amendedSamplesParseToTheDomainRecords() {
        PurchasePaid original = (PurchasePaid) valid(PERSON_SAMPLE);
        PurchaseAmended partial = (PurchaseAmended) valid(RepoFiles.read(RepoFiles.messagesDir()
                .resolve("purchase-amended.partial-refund.json")));
        PurchaseLine oneTicket = new PurchaseLine("Napijegy — Sziget 2027", new BigDecimal("1"), "db",
                new BigDecimal("24990"), true, VatRates.parse("27").orElseThrow(), Optional.of("2027-08-11"));
        assertThat(partial).isEqualTo(new PurchaseAmended("P-2026-000123", "org-42", 1,
                Instant.parse("2026-11-28T09:20:00Z"), Instant.parse("2026-11-27T18:05:11Z"), "HUF", PaymentMethod.CARD,
                InvoiceLanguage.HU, original.buyer(), List.of(oneTicket)));
        assertThat(partial.type()).isEqualTo("purchase.amended");
        assertThat(partial.version()).isEqualTo(1);
        assertThat(partial.externalId()).isEqualTo(original.externalId());
        assertThat(partial.remaining()).contains(new PurchasePaid("P-2026-000123", "org-42",
                Instant.parse("2026-11-27T18:05:11Z"), "HUF", PaymentMethod.CARD, InvoiceLanguage.HU, original.buyer(),
                List.of(oneTicket)));

        PurchaseAmended company = (PurchaseAmended) valid(RepoFiles.read(RepoFiles.messagesDir()
                .resolve("purchase-amended.buyer-company.json")));
        assertThat(company.revision()).isEqualTo(2);
        assertThat(company.amendedAt()).isEqualTo(Instant.parse("2026-11-30T08:45:00Z"));
        assertThat(company.buyer()).isEqualTo(new Buyer(BuyerType.HU_COMPANY, "Kiss és Társa Bt.",
                Optional.of("szamla@kissestarsa.hu"), true, "HU", "1051", "Budapest", "Október 6. utca 7.",
                Optional.of("12345676-2-41"), Optional.empty()));
        assertThat(company.lines()).containsExactly(oneTicket);
        assertThat(company.remaining().orElseThrow().buyer()).isEqualTo(company.buyer());

        PurchaseAmended nothingLeft = (PurchaseAmended) valid(RepoFiles.read(RepoFiles.messagesDir()
                .resolve("purchase-amended.nothing-left.json")));
        assertThat(nothingLeft.revision()).isEqualTo(3);
        assertThat(nothingLeft.paidAt()).isEqualTo(original.paidAt());
        assertThat(nothingLeft.lines()).isEmpty();
        assertThat(nothingLeft.remaining()).isEmpty();
    }

    @Test
    void invalidSamplesNameTheField() throws IOException {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("unit-price-as-number.json", "lines[0].unitPrice: must be a decimal string such as \"24990\" or \"12.50\""),
                Map.entry("hu-company-without-tax-number.json", "buyer.taxNumber: is required for a hu_company buyer"),
                Map.entry("unknown-type.json", "type: unknown message type"),
                Map.entry("version-2.json", "version: unsupported version 2"),
                Map.entry("unknown-line-field.json", "lines[0].discountPercent: unknown field"),
                Map.entry("vat-rate-not-accepted.json", "lines[0].vat: unknown VAT rate \"27%\""),
                Map.entry("paid-at-without-offset.json", "paidAt: must be an RFC 3339 timestamp with offset"),
                Map.entry("amended-revision-0.json", "revision: must be a whole number from 1 to 2147483647"),
                Map.entry("amended-revision-as-string.json", "revision: must be a whole number from 1 to 2147483647"),
                Map.entry("amended-revision-fraction.json", "revision: must be a whole number from 1 to 2147483647"),
                Map.entry("amended-without-amended-at.json", "amendedAt: is required"),
                Map.entry("amended-101-lines.json", "lines: must be an array of 0 to 100 lines"),
                Map.entry("amended-unknown-field.json", "refundedAmount: unknown field"),
                Map.entry("amended-version-2.json", "version: unsupported version 2"));
        Path dir = RepoFiles.messagesDir().resolve("invalid");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")))
                    .as("every invalid sample says which field it breaks")
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
        }
        expected.forEach((file, message) -> assertThat(invalid(RepoFiles.read(dir.resolve(file))).message())
                .as(file).startsWith(message));
    }

    @Test
    void amendedMessagesAreChecked() {
        String amended = RepoFiles.read(RepoFiles.messagesDir().resolve("purchase-amended.partial-refund.json"));
        String revision = "\"revision\": 1";
        // a JSON integer, as in JSON Schema: a zero fraction is still an integer (like version 1.0)
        assertThat(((PurchaseAmended) valid(amended.replace(revision, "\"revision\": 7.0"))).revision()).isEqualTo(7);
        assertThat(((PurchaseAmended) valid(amended.replace(revision, "\"revision\": 2147483647"))).revision())
                .isEqualTo(Integer.MAX_VALUE);
        for (String bad : List.of("0", "-1", "2147483648", "1.5", "\"1\"", "true", "[1]", "1e999",
                "99999999999999999999")) {
            assertThat(invalid(amended.replace(revision, "\"revision\": " + bad)).message()).as(bad)
                    .isEqualTo("revision: must be a whole number from 1 to 2147483647");
        }
        assertThat(invalid(amended.replace(revision, "\"revision\": null")).message())
                .isEqualTo("revision: is required");
        assertThat(invalid(amended.replace(revision + ",", "")).message()).isEqualTo("revision: is required");
        assertThat(invalid(amended.replace("\"paidAt\": \"2026-11-27T18:05:11Z\",", "")).message())
                .isEqualTo("paidAt: is required");
        assertThat(invalid(amended.replace("2026-11-28T10:20:00+01:00", "2026-11-28")).field()).isEqualTo("amendedAt");
        assertThat(invalid(amended.replace("\"amendedAt\"", "\"refundedAt\": \"2026-11-28T09:00:00Z\", \"amendedAt\""))
                .message()).isEqualTo("refundedAt: unknown field");
        assertThat(invalid(amended.replace("\"type\": \"person\"", "\"type\": \"hu_company\"")).message())
                .isEqualTo("buyer.taxNumber: is required for a hu_company buyer");
        assertThat(invalid(amended.replace("\"quantity\": \"1\"", "\"quantity\": \"0\"")).field())
                .isEqualTo("lines[0].quantity");
        // purchase.paid keeps its own fields: no revision there
        assertThat(invalid(PERSON_SAMPLE.replace("\"paidAt\"", "\"revision\": 1, \"paidAt\"")).message())
                .isEqualTo("revision: unknown field");
    }

    @Test
    void unknownTypesNameTheKnownOnes() {
        assertThat(invalid("{\"type\": \"purchase.cancelled\"}").message())
                .isEqualTo("type: unknown message type \"purchase.cancelled\"; expected purchase.paid, purchase.refunded"
                        + " or purchase.amended");
        assertThat(invalid("{\"version\": 1}").message())
                .isEqualTo("type: is required (purchase.paid, purchase.refunded or purchase.amended)");
        assertThat(invalid("{\"type\": 1}").message())
                .isEqualTo("type: must be a string (purchase.paid, purchase.refunded or purchase.amended)");
    }

    @Test
    void rejectsWhatIsNotAStrictJsonObject() {
        assertThat(invalid("").field()).isEqualTo("$");
        assertThat(invalid("[]").reason()).isEqualTo("must be a JSON object");
        assertThat(invalid("{\"type\":\"purchase.refunded\"} {}").reason()).startsWith("not well-formed JSON");
        assertThat(invalid("{'type':'purchase.refunded'}").reason()).startsWith("not well-formed JSON");
        assertThat(invalid("{\"type\":\"purchase.refunded\", \"type\":\"purchase.paid\"}").reason())
                .startsWith("not well-formed JSON").contains("type");
        assertThat(invalid("x".repeat(PurchaseMessages.MAX_MESSAGE_CHARS + 1)).reason()).contains("longer");
    }

    @Test
    void duplicateKeysAreRejectedAtAnyDepth() {
        String json = PERSON_SAMPLE.replace("\"city\": \"Budapest\",", "\"city\": \"Budapest\", \"city\": \"Szeged\",");
        assertThat(invalid(json).reason()).startsWith("not well-formed JSON").contains("city");
    }

    @Test
    void numbersAreNotAcceptedForDecimalStrings() {
        assertThat(invalid(PERSON_SAMPLE.replace("\"quantity\": \"2\"", "\"quantity\": 2")).message())
                .startsWith("lines[0].quantity: must be a positive decimal string");
        assertThat(invalid(PERSON_SAMPLE.replace("\"unitPrice\": \"24990\"", "\"unitPrice\": 24990.0")).field())
                .isEqualTo("lines[0].unitPrice");
        assertThat(invalid(PERSON_SAMPLE.replace("\"unitPrice\": \"24990\"", "\"unitPrice\": \"24,990\"")).field())
                .isEqualTo("lines[0].unitPrice");
        assertThat(invalid(PERSON_SAMPLE.replace("\"unitPrice\": \"24990\"", "\"unitPrice\": \"1e3\"")).field())
                .isEqualTo("lines[0].unitPrice");
        assertThat(invalid(PERSON_SAMPLE.replace("\"quantity\": \"2\"", "\"quantity\": \"0\"")).field())
                .isEqualTo("lines[0].quantity");
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThat(invalid(PERSON_SAMPLE.replace("\"accountId\": \"org-42\",", "")).message())
                .isEqualTo("accountId: is required");
        assertThat(invalid(PERSON_SAMPLE.replace("\"city\": \"Budapest\",", "")).message())
                .isEqualTo("buyer.city: is required");
        assertThat(invalid(PERSON_SAMPLE.replace("\"vat\": \"27\",", "")).message())
                .isEqualTo("lines[0].vat: is required");
        assertThat(invalid(PERSON_SAMPLE.replace("\"name\": \"Kiss Anna\"", "\"name\": null")).message())
                .isEqualTo("buyer.name: is required");
    }

    @Test
    void textMustBeXmlSafe() {
        assertThat(invalid(PERSON_SAMPLE.replace("Kiss Anna", "Kiss\\u0007Anna")).field()).isEqualTo("buyer.name");
        assertThat(invalid(PERSON_SAMPLE.replace("Kiss Anna", "Kiss\\nAnna")).field()).isEqualTo("buyer.name");
        assertThat(invalid(PERSON_SAMPLE.replace("Kiss Anna", "\\ud800Anna")).reason()).contains("surrogate");
        assertThat(invalid(PERSON_SAMPLE.replace("Kiss Anna", "   ")).message()).isEqualTo("buyer.name: must not be blank");
        assertThat(invalid(PERSON_SAMPLE.replace("2027-08-11", "a\\u0000b")).field()).isEqualTo("lines[0].comment");
        PurchasePaid ok = (PurchasePaid) valid(PERSON_SAMPLE.replace("2027-08-11", "2027-08-11\\n\\tNagyszínpad 🎫"));
        assertThat(ok.lines().get(0).comment()).contains("2027-08-11\n\tNagyszínpad 🎫");
    }

    @Test
    void idsAreRestricted() {
        assertThat(invalid(PERSON_SAMPLE.replace("\"org-42\"", "\"org:42\"")).field()).isEqualTo("accountId");
        assertThat(invalid(PERSON_SAMPLE.replace("\"org-42\"", "\"" + "a".repeat(65) + "\"")).field()).isEqualTo("accountId");
        assertThat(invalid(PERSON_SAMPLE.replace("\"P-2026-000123\"", "\"P-1\\n\"")).field()).isEqualTo("purchaseId");
        assertThat(valid(PERSON_SAMPLE.replace("\"org-42\"", "\"" + "a".repeat(64) + "\"")).externalId())
                .hasSize(3 + 64 + 1 + "P-2026-000123".length());
    }

    @Test
    void buyerTaxIdsFollowTheBuyerType() {
        String company = PERSON_SAMPLE.replace("\"type\": \"person\"", "\"type\": \"hu_company\"");
        assertThat(invalid(company).message()).isEqualTo("buyer.taxNumber: is required for a hu_company buyer");
        assertThat(valid(company.replace("\"taxNumber\": null", "\"taxNumber\": \"12345676-2-41\"")))
                .isInstanceOf(PurchasePaid.class);
        assertThat(invalid(company.replace("\"taxNumber\": null", "\"taxNumber\": \"1234567-2-41\"")).field())
                .isEqualTo("buyer.taxNumber");
        assertThat(invalid(PERSON_SAMPLE.replace("\"taxNumber\": null", "\"taxNumber\": \"12345676-2-41\"")).message())
                .isEqualTo("buyer.taxNumber: is only allowed for a hu_company buyer");
        String eu = PERSON_SAMPLE.replace("\"type\": \"person\"", "\"type\": \"eu_company\"");
        assertThat(invalid(eu).field()).isEqualTo("buyer.euVatNumber");
        assertThat(invalid(eu.replace("\"euVatNumber\": null", "\"euVatNumber\": \"HU12345678\"")).field())
                .isEqualTo("buyer.euVatNumber");
        assertThat(valid(eu.replace("\"euVatNumber\": null", "\"euVatNumber\": \"ATU12345678\"")))
                .isInstanceOf(PurchasePaid.class);
    }

    @Test
    void enumsAndTimestampsAreChecked() {
        assertThat(invalid(PERSON_SAMPLE.replace("\"card\"", "\"paypal\"")).message())
                .startsWith("paymentMethod: must be one of [card, cash, szep_card, transfer, voucher]");
        assertThat(invalid(PERSON_SAMPLE.replace("\"language\": \"hu\"", "\"language\": \"cz\"")).field())
                .isEqualTo("language");
        assertThat(invalid(PERSON_SAMPLE.replace("\"HUF\"", "\"huf\"")).field()).isEqualTo("currency");
        assertThat(invalid(PERSON_SAMPLE.replace("2026-11-27T18:05:11Z", "2026-02-30T18:05:11Z")).message())
                .contains("no such date");
        assertThat(invalid(PERSON_SAMPLE.replace("2026-11-27T18:05:11Z", "2026-11-27 18:05:11Z")).field())
                .isEqualTo("paidAt");
        assertThat(((PurchasePaid) valid(PERSON_SAMPLE.replace("2026-11-27T18:05:11Z", "2026-11-28T00:30:00.5+01:00")))
                .paidAt()).isEqualTo(Instant.parse("2026-11-27T23:30:00.5Z"));
        assertThat(invalid(PERSON_SAMPLE.replace("\"version\": 1", "\"version\": \"1\"")).message())
                .isEqualTo("version: must be the number 1");
        assertThat(invalid(PERSON_SAMPLE.replace("\"sendEmail\": true", "\"sendEmail\": \"yes\"")).message())
                .isEqualTo("sendEmail: must be true or false");
        // found by HostileInputFuzzTest: an exponent out of range is an invalid message, not an exception
        assertThat(invalid(PERSON_SAMPLE.replace("\"version\": 1", "\"version\": 1e9999992000")).message())
                .contains("number out of range");
    }

    @Test
    void sendEmailDefaultsToTrue() {
        String withoutSendEmail = PERSON_SAMPLE.replace(",\n  \"sendEmail\": true", "");
        assertThat(withoutSendEmail).doesNotContain("sendEmail");
        PurchasePaid paid = (PurchasePaid) valid(withoutSendEmail);
        assertThat(paid.buyer().sendEmail()).isTrue();
    }

    @Test
    void lineCountIsBounded() {
        String line = "{\"name\": \"Jegy\", \"quantity\": \"1\", \"unit\": \"db\", \"unitPrice\": \"1000\", \"priceIncludesVat\": true, \"vat\": \"27\"}";
        String base = PERSON_SAMPLE.substring(0, PERSON_SAMPLE.indexOf("\"lines\"")) + "\"lines\": [%s]}";
        assertThat(valid(base.formatted(String.join(",", java.util.Collections.nCopies(100, line)))))
                .isInstanceOf(PurchasePaid.class);
        assertThat(invalid(base.formatted(String.join(",", java.util.Collections.nCopies(101, line)))).field())
                .isEqualTo("lines");
        assertThat(invalid(base.formatted("")).field()).isEqualTo("lines");
        String amended = RepoFiles.read(RepoFiles.messagesDir().resolve("purchase-amended.partial-refund.json"));
        String amendedBase = amended.substring(0, amended.indexOf("\"lines\"")) + "\"lines\": [%s]}";
        assertThat(((PurchaseAmended) valid(amendedBase.formatted(""))).remaining()).isEmpty();
        assertThat(((PurchaseAmended) valid(amendedBase.formatted(
                String.join(",", java.util.Collections.nCopies(100, line))))).lines()).hasSize(100);
        assertThat(invalid(amendedBase.formatted(String.join(",", java.util.Collections.nCopies(101, line)))).message())
                .isEqualTo("lines: must be an array of 0 to 100 lines");
        assertThat(invalid(amendedBase.replace("[%s]", "{}")).field()).isEqualTo("lines");
    }

    @Test
    void canonicalJsonReadsBackToTheSameMessage() {
        for (String name : List.of("purchase-paid.person.json", "purchase-paid.hu-company.json",
                "purchase-paid.eur.json", "purchase-refunded.json", "purchase-amended.partial-refund.json",
                "purchase-amended.buyer-company.json", "purchase-amended.nothing-left.json")) {
            InvoiceRequestMessage message = valid(RepoFiles.read(RepoFiles.messagesDir().resolve(name)));
            assertThat(valid(PurchaseMessages.toJson(message))).as(name).isEqualTo(message);
        }
        PurchaseAmended amended = (PurchaseAmended) valid(RepoFiles.read(RepoFiles.messagesDir()
                .resolve("purchase-amended.nothing-left.json")));
        assertThat(PurchaseMessages.toJson(amended)).startsWith("{\"type\":\"purchase.amended\",\"version\":1,"
                + "\"purchaseId\":\"P-2026-000123\",\"accountId\":\"org-42\",\"revision\":3,"
                + "\"amendedAt\":\"2026-12-02T14:00:00Z\",\"paidAt\":\"2026-11-27T18:05:11Z\",")
                .contains("\"lines\":[]");
    }

    static InvoiceRequestMessage valid(String json) {
        ParseResult result = PurchaseMessages.parse(json);
        assertThat(result).isInstanceOf(ParseResult.Valid.class);
        return ((ParseResult.Valid) result).message();
    }

    static ParseResult.Invalid invalid(String json) {
        ParseResult result = PurchaseMessages.parse(json);
        assertThat(result).isInstanceOf(ParseResult.Invalid.class);
        return (ParseResult.Invalid) result;
    }
}
