package hu.autoinvoice.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hu.autoinvoice.testing.TestKeys;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link KeyFingerprinter}: HMAC-SHA256 under the pepper read from the Secrets Manager stand-in. */
@ExtendWith(LocalAwsExtension.class)
class KeyFingerprinterTest {

    private static final AgentKey KEY = TestKeys.agentKey("fingerprint0a1b");
    private static final AgentKey OTHER = TestKeys.agentKey("fingerprint0a1c");

    @Test
    void thePepperComesFromSecretsManagerAndTheFingerprintIsItsHmac(AwsClients aws, AppConfig config) throws Exception {
        KeyFingerprinter fingerprinter = KeyFingerprinter.fromSecret(aws.secretsManager(), config.fingerprintPepperSecretId());
        String pepper = aws.secretsManager().getSecretValue(b -> b.secretId(config.fingerprintPepperSecretId())).secretString();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(pepper.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));

        String fingerprint = fingerprinter.fingerprint(KEY);

        assertThat(fingerprint).isEqualTo(HexFormat.of().formatHex(mac.doFinal(KEY.reveal().getBytes(StandardCharsets.UTF_8))));
        assertThat(fingerprint).hasSize(64).matches("[0-9a-f]+").doesNotContain(KEY.reveal());
        assertThat(KeyFingerprinter.fromSecret(aws.secretsManager(), config.fingerprintPepperSecretId()).fingerprint(KEY))
                .isEqualTo(fingerprint);
        assertThat(fingerprinter.fingerprint(OTHER)).isNotEqualTo(fingerprint);
    }

    @Test
    void anotherPepperGivesAnotherFingerprint() {
        byte[] pepper = "0123456789abcdef0123".getBytes(StandardCharsets.UTF_8);
        byte[] other = "0123456789abcdef0124".getBytes(StandardCharsets.UTF_8);
        assertThat(new KeyFingerprinter(pepper).fingerprint(KEY)).isEqualTo(new KeyFingerprinter(pepper).fingerprint(KEY))
                .isNotEqualTo(new KeyFingerprinter(other).fingerprint(KEY));
    }

    @Test
    void aShortPepperIsRefused() {
        assertThatThrownBy(() -> new KeyFingerprinter(new byte[15])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 bytes");
    }
}
