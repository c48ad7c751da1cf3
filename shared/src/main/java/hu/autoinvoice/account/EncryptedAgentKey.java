package hu.autoinvoice.account;

import java.util.Arrays;

/**
 * An Agent key as KMS ciphertext (encryption context {@code {"accountId": <id>}}). Opaque bytes: stored as a
 * DynamoDB binary attribute, never parsed, never printed ({@link #toString()} says only its length).
 */
public final class EncryptedAgentKey {

    private final byte[] ciphertext;

    private EncryptedAgentKey(byte[] ciphertext) {
        if (ciphertext.length == 0) {
            throw new IllegalArgumentException("empty ciphertext");
        }
        this.ciphertext = ciphertext.clone();
    }

    public static EncryptedAgentKey of(byte[] ciphertext) {
        return new EncryptedAgentKey(ciphertext);
    }

    /** A copy of the ciphertext, for storage and for KMS Decrypt only. */
    public byte[] bytes() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptedAgentKey other && Arrays.equals(ciphertext, other.ciphertext);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "EncryptedAgentKey[" + ciphertext.length + " bytes]";
    }
}
