package hu.autoinvoice.local.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;

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
}
