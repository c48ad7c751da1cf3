package hu.autoinvoice.account;

import hu.autoinvoice.agent.AgentKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A keyed fingerprint of an Agent key: HMAC-SHA256 under a pepper kept in Secrets Manager (read once per container).
 * Equal keys give equal fingerprints, so one key connected to two accounts is detected, while the stored value
 * reveals nothing about the key without the pepper.
 */
public final class KeyFingerprinter {

    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec pepper;

    public KeyFingerprinter(byte[] pepper) {
        Objects.requireNonNull(pepper, "pepper");
        if (pepper.length < 16) {
            throw new IllegalArgumentException("the fingerprint pepper must be at least 16 bytes");
        }
        this.pepper = new SecretKeySpec(pepper.clone(), ALGORITHM);
    }

    /** Reads the pepper ({@code SecretString}, or {@code SecretBinary}) from Secrets Manager. */
    public static KeyFingerprinter fromSecret(SecretsManagerClient secrets, String secretId) {
        var value = secrets.getSecretValue(b -> b.secretId(secretId));
        byte[] pepper = value.secretString() != null
                ? value.secretString().getBytes(StandardCharsets.UTF_8) : value.secretBinary().asByteArray();
        return new KeyFingerprinter(pepper);
    }

    /** Lower-case hex HMAC-SHA256 of the key. */
    public String fingerprint(AgentKey key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(pepper);
            return HexFormat.of().formatHex(mac.doFinal(key.reveal().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
