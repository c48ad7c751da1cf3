package hu.autoinvoice.testing;

import hu.autoinvoice.agent.AgentKey;
import java.security.SecureRandom;

/**
 * The Agent keys of this module's tests. Every one contains {@link #MARKER}, so the security sweep (local/runner
 * {@code SecretSweepIT}) finds any of them in the test output by shape — in any case, and base64 or hex encoded —
 * without a list of keys that could miss one. Build every test key here; never a bare literal.
 *
 * <p>One copy for every module: the other modules' tests get it from shared's test-jar.
 */
public final class TestKeys {

    /** In every test key; lowercase letters and digits, as Számla Agent keys are. */
    public static final String MARKER = "k3ycanary";
    /** The length of Számla Agent keys. */
    public static final int LENGTH = 42;

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {
    }

    /** A {@value #LENGTH}-character key: the marker, zeros, then {@code tail} (so its hint is {@code tail}'s end). */
    public static String key(String tail) {
        int zeros = LENGTH - MARKER.length() - tail.length();
        if (zeros < 0) {
            throw new IllegalArgumentException("tail too long for a " + LENGTH + "-character key: " + tail.length());
        }
        return MARKER + "0".repeat(zeros) + tail;
    }

    /** {@link #key(String)} as an {@link AgentKey}. */
    public static AgentKey agentKey(String tail) {
        return AgentKey.of(key(tail));
    }

    /** A fresh random {@value #LENGTH}-character lowercase key with the marker. */
    public static String random() {
        StringBuilder key = new StringBuilder(MARKER);
        while (key.length() < LENGTH) {
            key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return key.toString();
    }
}
