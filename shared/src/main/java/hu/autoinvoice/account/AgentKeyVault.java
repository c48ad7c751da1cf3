package hu.autoinvoice.account;

import hu.autoinvoice.agent.AgentKey;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Agent keys at rest: KMS Encrypt / Decrypt with the encryption context {@code {"accountId": <id>}}, so a
 * ciphertext stored for one account does not decrypt as another's (and IAM can require the context key).
 * Failures never carry plaintext or ciphertext: {@link KeyVaultException} names the operation and the account only.
 */
public final class AgentKeyVault {

    /** The encryption context key; the IAM policy's {@code kms:EncryptionContextKeys} condition names it too. */
    public static final String CONTEXT_KEY = "accountId";

    private final KmsClient kms;
    private final String keyId;

    public AgentKeyVault(KmsClient kms, String keyId) {
        this.kms = Objects.requireNonNull(kms, "kms");
        this.keyId = Objects.requireNonNull(keyId, "keyId");
    }

    public EncryptedAgentKey encrypt(String accountId, AgentKey key) {
        try {
            byte[] blob = kms.encrypt(b -> b.keyId(keyId).encryptionContext(context(accountId))
                    .plaintext(SdkBytes.fromString(key.reveal(), StandardCharsets.UTF_8))).ciphertextBlob().asByteArray();
            return EncryptedAgentKey.of(blob);
        } catch (KmsException e) {
            throw new KeyVaultException("encrypt", accountId, e);
        }
    }

    /** @throws KeyVaultException when KMS refuses (wrong account context, another key, disabled key, throttling) */
    public AgentKey decrypt(String accountId, EncryptedAgentKey encrypted) {
        try {
            SdkBytes plaintext = kms.decrypt(b -> b.keyId(keyId).encryptionContext(context(accountId))
                    .ciphertextBlob(SdkBytes.fromByteArray(encrypted.bytes()))).plaintext();
            return AgentKey.of(plaintext.asUtf8String());
        } catch (KmsException e) {
            throw new KeyVaultException("decrypt", accountId, e);
        }
    }

    private static Map<String, String> context(String accountId) {
        return Map.of(CONTEXT_KEY, accountId);
    }

    /** A KMS failure, described by operation, account and the KMS error code only. */
    public static final class KeyVaultException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String errorCode;

        KeyVaultException(String operation, String accountId, KmsException cause) {
            super("KMS " + operation + " failed for account " + accountId + ": " + errorCode(cause));
            this.errorCode = errorCode(cause);
        }

        /** The KMS error code, e.g. {@code InvalidCiphertextException}, {@code ThrottlingException}. */
        public String errorCode() {
            return errorCode;
        }

        /** True for refusals that will not change by retrying (wrong context or key, bad ciphertext). */
        public boolean isPermanent() {
            return errorCode.equals("InvalidCiphertextException") || errorCode.equals("IncorrectKeyException");
        }

        private static String errorCode(KmsException e) {
            return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                    ? e.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
        }
    }
}
