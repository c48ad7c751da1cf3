package hu.autoinvoice.agent;

import java.util.Objects;

/**
 * An organiser's Számla Agent key (secret). Equality is by value; {@link #toString()} never reveals it: it prints
 * {@code AgentKey[****abcd]} (the {@link #hint()} only). The plaintext is reachable only through {@link #reveal()},
 * which exists for the XML request, KMS encryption and fingerprinting — never log its result.
 */
public final class AgentKey {

    private static final int HINT_LENGTH = 4;
    /** Keys shorter than this show no hint at all, so the hint never gives away most of a key. */
    private static final int MIN_LENGTH_FOR_HINT = 12;

    private final String value;

    private AgentKey(String value) {
        this.value = value;
    }

    /**
     * Wraps a key exactly as given (callers trim user input first).
     *
     * @throws IllegalArgumentException if blank or containing characters that cannot be sent in XML; the message
     *     never contains the key
     */
    public static AgentKey of(String value) {
        Objects.requireNonNull(value, "agent key");
        if (value.isBlank()) {
            throw new IllegalArgumentException("agent key is blank");
        }
        int bad = XmlText.firstIllegalIndex(value);
        if (bad >= 0) {
            throw new IllegalArgumentException("agent key contains a character not allowed in XML (at index " + bad + ")");
        }
        return new AgentKey(value);
    }

    /** The last four characters (empty for implausibly short keys), for showing the organiser which key is stored. */
    public String hint() {
        return value.length() >= MIN_LENGTH_FOR_HINT ? value.substring(value.length() - HINT_LENGTH) : "";
    }

    /** The plaintext key. Never log, print or put it into an exception message. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgentKey other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** {@code AgentKey[****abcd]} — the hint only. */
    @Override
    public String toString() {
        return "AgentKey[****" + hint() + "]";
    }
}
