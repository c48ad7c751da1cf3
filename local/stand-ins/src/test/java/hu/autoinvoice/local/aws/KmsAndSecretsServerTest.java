package hu.autoinvoice.local.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.InvalidMarkerException;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.ListAliasesResponse;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.InvalidNextTokenException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/** The KMS + Secrets Manager server alone (no dynalite needed): wire details the behaviour contract does not cover. */
class KmsAndSecretsServerTest {

    private static final String REGION = "eu-central-1";
    private static AwsJsonServer server;
    private static KmsClient kms;
    private static SecretsManagerClient secrets;

    @BeforeAll
    static void start() throws Exception {
        server = AwsJsonServer.start(0, List.of(new FakeKms(REGION, "000000000000"), new FakeSecretsManager(REGION, "000000000000")));
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        kms = KmsClient.builder().endpointOverride(server.endpoint()).region(Region.of(REGION)).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        secrets = SecretsManagerClient.builder().endpointOverride(server.endpoint()).region(Region.of(REGION))
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterAll
    static void stop() {
        kms.close();
        secrets.close();
        server.close();
    }

    @Test
    void acceptsKeyIdKeyArnAliasNameAndAliasArn() {
        KeyMetadata key = kms.createKey(b -> b.description("forms")).keyMetadata();
        kms.createAlias(b -> b.aliasName("alias/forms").targetKeyId(key.keyId()));
        assertThat(key.arn()).isEqualTo("arn:aws:kms:eu-central-1:000000000000:key/" + key.keyId());

        for (String reference : List.of(key.keyId(), key.arn(), "alias/forms", "arn:aws:kms:eu-central-1:000000000000:alias/forms")) {
            SdkBytes blob = kms.encrypt(b -> b.keyId(reference).plaintext(SdkBytes.fromUtf8String("x"))).ciphertextBlob();
            assertThat(kms.decrypt(b -> b.ciphertextBlob(blob).keyId(reference)).keyId()).as(reference).isEqualTo(key.arn());
            assertThat(kms.describeKey(b -> b.keyId(reference)).keyMetadata().arn()).as(reference).isEqualTo(key.arn());
        }
    }

    @Test
    void unknownKeysAndAliasesAreNotFound() {
        assertThatThrownBy(() -> kms.encrypt(b -> b.keyId("alias/none").plaintext(SdkBytes.fromUtf8String("x"))))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> kms.describeKey(b -> b.keyId("00000000-0000-0000-0000-000000000000")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aliasNamesAreUnique() {
        String keyId = kms.createKey(b -> b.description("a")).keyMetadata().keyId();
        kms.createAlias(b -> b.aliasName("alias/unique").targetKeyId(keyId));

        assertThatThrownBy(() -> kms.createAlias(b -> b.aliasName("alias/unique").targetKeyId(keyId)))
                .isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    void errorMessagesCarryNeitherPlaintextNorCiphertext() {
        String secret = "SECRET-AGENT-KEY-4711";
        KeyMetadata a = kms.createKey(b -> b.description("a")).keyMetadata();
        KeyMetadata b2 = kms.createKey(b -> b.description("b")).keyMetadata();
        SdkBytes blob = kms.encrypt(b -> b.keyId(a.keyId()).plaintext(SdkBytes.fromUtf8String(secret))
                .encryptionContext(Map.of("accountId", "org-1"))).ciphertextBlob();
        byte[] tampered = blob.asByteArray();
        tampered[tampered.length - 2] ^= 0x10;
        String blobBase64 = Base64.getEncoder().encodeToString(blob.asByteArray());
        String tamperedBase64 = Base64.getEncoder().encodeToString(tampered);

        List<AwsServiceException> errors = List.of(
                catchThrowableOfType(AwsServiceException.class, () -> kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("accountId", "org-2")))),
                catchThrowableOfType(AwsServiceException.class, () -> kms.decrypt(b -> b.ciphertextBlob(blob).keyId(b2.keyId()))),
                catchThrowableOfType(AwsServiceException.class, () -> kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(tampered)))),
                catchThrowableOfType(AwsServiceException.class, () -> kms.encrypt(b -> b.keyId("alias/none").plaintext(SdkBytes.fromUtf8String(secret)))));

        assertThat(errors).allSatisfy(e -> {
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).doesNotContain(secret, blobBase64, tamperedBase64,
                    Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        });
    }

    @Test
    void unknownTargetIsA400JsonError() throws Exception {
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newHttpClient()) {
            response = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                    .header("X-Amz-Target", "TrentService.ScheduleKeyDeletion")
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        }

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.1");
        assertThat(response.body()).contains("\"__type\":\"UnknownOperationException\"");
    }

    @Test
    void secretsHoldBinaryValuesAndRefuseDuplicates() {
        secrets.createSecret(b -> b.name("bin").secretBinary(SdkBytes.fromByteArray(new byte[] {1, 2, 3})));

        assertThat(secrets.getSecretValue(b -> b.secretId("bin")).secretBinary().asByteArray()).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> secrets.createSecret(b -> b.name("bin").secretString("again")))
                .isInstanceOf(ResourceExistsException.class);
    }

    @Test
    void listKeysPagesWithLimitAndMarker() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(kms.createKey(b -> b.description("listed")).keyMetadata().keyId());
        }

        List<String> listed = new ArrayList<>();
        String marker = null;
        do {
            String from = marker;
            ListKeysResponse page = kms.listKeys(b -> b.limit(2).marker(from));
            assertThat(page.keys()).hasSizeBetween(1, 2);
            assertThat(page.truncated()).isEqualTo(page.nextMarker() != null);
            if (page.truncated()) {
                assertThat(page.keys()).hasSize(2);
            }
            page.keys().forEach(key -> assertThat(key.keyArn()).isEqualTo("arn:aws:kms:eu-central-1:000000000000:key/" + key.keyId()));
            page.keys().stream().map(KeyListEntry::keyId).forEach(listed::add);
            marker = page.nextMarker();
        } while (marker != null);

        assertThat(listed).doesNotHaveDuplicates().containsAll(created);
        assertThat(kms.listKeysPaginator(b -> b.limit(3)).keys()).extracting(KeyListEntry::keyId).containsExactlyElementsOf(listed);
        assertThat(kms.listKeys().keys()).extracting(KeyListEntry::keyId).containsExactlyElementsOf(listed);
    }

    @Test
    void listAliasesFiltersByKeyAndPages() {
        KeyMetadata key = kms.createKey(b -> b.description("aliased")).keyMetadata();
        String other = kms.createKey(b -> b.description("other")).keyMetadata().keyId();
        String prefix = "alias/list-" + UUID.randomUUID().toString().substring(0, 8);
        for (String name : List.of(prefix + "-c", prefix + "-a", prefix + "-b")) {
            kms.createAlias(b -> b.aliasName(name).targetKeyId(key.keyId()));
        }
        kms.createAlias(b -> b.aliasName(prefix + "-other").targetKeyId(other));

        ListAliasesResponse first = kms.listAliases(b -> b.keyId(key.arn()).limit(2));
        ListAliasesResponse second = kms.listAliases(b -> b.keyId(key.keyId()).limit(2).marker(first.nextMarker()));

        assertThat(first.aliases()).extracting(AliasListEntry::aliasName).containsExactly(prefix + "-a", prefix + "-b");
        assertThat(first.truncated()).isTrue();
        assertThat(second.aliases()).extracting(AliasListEntry::aliasName).containsExactly(prefix + "-c");
        assertThat(second.truncated()).isFalse();
        assertThat(second.nextMarker()).isNull();
        assertThat(second.aliases().get(0).aliasArn()).isEqualTo("arn:aws:kms:eu-central-1:000000000000:" + prefix + "-c");
        assertThat(second.aliases().get(0).targetKeyId()).isEqualTo(key.keyId());
        assertThat(second.aliases().get(0).creationDate()).isNotNull();
        assertThat(kms.listAliasesPaginator(b -> b.limit(1)).aliases()).extracting(AliasListEntry::aliasName)
                .contains(prefix + "-a", prefix + "-b", prefix + "-c", prefix + "-other").doesNotHaveDuplicates();
        assertThatThrownBy(() -> kms.listAliases(b -> b.keyId("00000000-0000-0000-0000-000000000000")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void listingRefusesAForeignMarkerAndALimitOutOfRange() {
        assertThatThrownBy(() -> kms.listKeys(b -> b.marker("not-a-marker"))).isInstanceOf(InvalidMarkerException.class);
        assertThat(catchThrowableOfType(KmsException.class, () -> kms.listAliases(b -> b.limit(101))).awsErrorDetails().errorCode())
                .isEqualTo("ValidationException");
        assertThat(catchThrowableOfType(KmsException.class, () -> kms.listKeys(b -> b.limit(0))).awsErrorDetails().errorCode())
                .isEqualTo("ValidationException");
    }

    @Test
    void describeSecretShowsNamesDatesTagsAndStagesButNoValue() throws Exception {
        String name = "describe/" + UUID.randomUUID();
        String first = secrets.createSecret(b -> b.name(name).description("The pepper").secretString("VALUE-ONE-4711")
                .tags(Tag.builder().key("team").value("billing").build())).versionId();
        String second = secrets.putSecretValue(b -> b.secretId(name).secretString("VALUE-TWO-4711")).versionId();

        DescribeSecretResponse described = secrets.describeSecret(b -> b.secretId(name));

        assertThat(described.name()).isEqualTo(name);
        assertThat(described.arn()).startsWith("arn:aws:secretsmanager:eu-central-1:000000000000:secret:" + name + "-");
        assertThat(described.description()).isEqualTo("The pepper");
        assertThat(described.tags()).containsExactly(Tag.builder().key("team").value("billing").build());
        assertThat(described.createdDate()).isNotNull();
        assertThat(described.lastChangedDate()).isNotNull();
        assertThat(described.versionIdsToStages()).isEqualTo(Map.of(second, List.of("AWSCURRENT"), first, List.of("AWSPREVIOUS")));
        assertThat(secrets.describeSecret(b -> b.secretId(described.arn())).name()).isEqualTo(name);
        assertThat(rawSecretsCall("DescribeSecret", "{\"SecretId\":\"" + name + "\"}")).contains(name).doesNotContain("4711");
        assertThatThrownBy(() -> secrets.describeSecret(b -> b.secretId("describe/none")))
                .isInstanceOf(software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException.class);
    }

    @Test
    void listSecretsFiltersByNameDescriptionAndTagsAndPagesWithoutValues() throws Exception {
        String prefix = "list-" + UUID.randomUUID().toString().substring(0, 8) + "/";
        for (String suffix : List.of("a", "b", "c")) {
            secrets.createSecret(b -> b.name(prefix + suffix).secretString("VALUE-" + suffix + "-0815")
                    .description(suffix.equals("b") ? "Billing pepper" : null)
                    .tags(suffix.equals("c") ? List.of(Tag.builder().key("owner").value("ops").build()) : List.of()));
        }
        secrets.createSecret(b -> b.name("other-" + prefix + "z").secretString("VALUE-z-0815"));
        Filter byName = Filter.builder().key(FilterNameStringType.NAME).values(prefix).build();

        ListSecretsResponse first = secrets.listSecrets(b -> b.filters(byName).maxResults(2));
        ListSecretsResponse second = secrets.listSecrets(b -> b.filters(byName).maxResults(2).nextToken(first.nextToken()));

        assertThat(first.secretList()).extracting(SecretListEntry::name).containsExactly(prefix + "a", prefix + "b");
        assertThat(first.nextToken()).isNotNull();
        assertThat(second.secretList()).extracting(SecretListEntry::name).containsExactly(prefix + "c");
        assertThat(second.nextToken()).isNull();
        assertThat(second.secretList().get(0).secretVersionsToStages()).hasSize(1);
        assertThat(secrets.listSecrets(b -> b.filters(byName).sortOrder("desc")).secretList()).extracting(SecretListEntry::name)
                .containsExactly(prefix + "c", prefix + "b", prefix + "a");
        assertThat(secrets.listSecretsPaginator(b -> b.maxResults(1)).stream().flatMap(page -> page.secretList().stream()))
                .extracting(SecretListEntry::name)
                .contains(prefix + "a", prefix + "b", prefix + "c", "other-" + prefix + "z").doesNotHaveDuplicates();
        assertThat(names(Filter.builder().key(FilterNameStringType.NAME).values(prefix, "other-" + prefix).build()))
                .containsExactlyInAnyOrder(prefix + "a", prefix + "b", prefix + "c", "other-" + prefix + "z");
        assertThat(names(byName, Filter.builder().key(FilterNameStringType.NAME).values("!" + prefix + "a").build()))
                .containsExactly(prefix + "b", prefix + "c");
        assertThat(names(byName, Filter.builder().key(FilterNameStringType.DESCRIPTION).values("billing").build()))
                .containsExactly(prefix + "b");
        assertThat(names(byName, Filter.builder().key(FilterNameStringType.TAG_KEY).values("own").build()))
                .containsExactly(prefix + "c");
        assertThat(names(byName, Filter.builder().key(FilterNameStringType.TAG_VALUE).values("ops").build()))
                .containsExactly(prefix + "c");
        assertThat(rawSecretsCall("ListSecrets", "{}")).contains(prefix + "a").doesNotContain("0815");
        assertThatThrownBy(() -> secrets.listSecrets(b -> b.nextToken("not-a-token"))).isInstanceOf(InvalidNextTokenException.class);
    }

    private static List<String> names(Filter... filters) {
        return secrets.listSecrets(b -> b.filters(filters)).secretList().stream().map(SecretListEntry::name).toList();
    }

    private static String rawSecretsCall(String operation, String body) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                    .header("X-Amz-Target", "secretsmanager." + operation)
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }
    }
}
