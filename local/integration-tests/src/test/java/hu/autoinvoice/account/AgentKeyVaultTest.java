package hu.autoinvoice.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hu.autoinvoice.testing.TestKeys;
import hu.autoinvoice.account.AgentKeyVault.KeyVaultException;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link AgentKeyVault} against the KMS stand-in: round trip, account binding, and secret-free failures. */
@ExtendWith(LocalAwsExtension.class)
class AgentKeyVaultTest {

    private static final AgentKey KEY = TestKeys.agentKey("vaulttest0a1b");

    private final AgentKeyVault vault;
    private final AwsClients aws;

    AgentKeyVaultTest(AwsClients aws, AppConfig config) {
        this.aws = aws;
        this.vault = new AgentKeyVault(aws.kms(), config.agentKeyKmsKeyId());
    }

    @Test
    void aKeyRoundTripsForItsAccountAndTheCiphertextHidesIt() {
        EncryptedAgentKey encrypted = vault.encrypt("org-a", KEY);
        assertThat(new String(encrypted.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain(KEY.reveal());
        assertThat(encrypted.toString()).doesNotContain(KEY.reveal()).matches("EncryptedAgentKey\\[\\d+ bytes]");
        assertThat(vault.decrypt("org-a", encrypted)).isEqualTo(KEY);
    }

    @Test
    void accountAsCiphertextDoesNotDecryptAsAccountB() {
        EncryptedAgentKey encrypted = vault.encrypt("org-a", KEY);
        assertThatThrownBy(() -> vault.decrypt("org-b", encrypted))
                .isInstanceOfSatisfying(KeyVaultException.class, e -> {
                    assertThat(e.isPermanent()).isTrue();
                    assertThat(e.errorCode()).isEqualTo("InvalidCiphertextException");
                    assertNoSecrets(e, encrypted);
                });
    }

    @Test
    void aCorruptCiphertextFailsWithoutEchoingIt() {
        byte[] bytes = vault.encrypt("org-a", KEY).bytes();
        bytes[bytes.length - 1] ^= 0x55;
        EncryptedAgentKey corrupt = EncryptedAgentKey.of(bytes);
        assertThatThrownBy(() -> vault.decrypt("org-a", corrupt))
                .isInstanceOfSatisfying(KeyVaultException.class, e -> {
                    assertThat(e.isPermanent()).isTrue();
                    assertNoSecrets(e, corrupt);
                });
    }

    @Test
    void anUnknownKmsKeyFailsWithoutEchoingThePlaintext() {
        AgentKeyVault wrong = new AgentKeyVault(aws.kms(), "alias/no-such-key");
        assertThatThrownBy(() -> wrong.encrypt("org-a", KEY))
                .isInstanceOfSatisfying(KeyVaultException.class, e -> {
                    assertThat(e.getMessage()).contains("encrypt", "org-a");
                    assertThat(e.isPermanent()).isFalse();
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY.reveal());
                    }
                });
    }

    private static void assertNoSecrets(Throwable e, EncryptedAgentKey encrypted) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()) + t;
            assertThat(message).doesNotContain(KEY.reveal(),
                    Base64.getEncoder().encodeToString(encrypted.bytes()), HexFormat.of().formatHex(encrypted.bytes()));
        }
    }
}
