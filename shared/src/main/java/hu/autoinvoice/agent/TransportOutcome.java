package hu.autoinvoice.agent;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** What the wire gave back for one request: an HTTP reply, a timeout, or an I/O failure. */
public sealed interface TransportOutcome {

    /**
     * An HTTP reply (any status).
     *
     * @param headers header names lower-cased
     */
    record Reply(int status, Map<String, List<String>> headers, byte[] body) implements TransportOutcome {
        public Reply {
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(body, "body");
            Map<String, List<String>> lower = new TreeMap<>();
            headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            headers = Map.copyOf(lower);
        }

        /** The first value of a header (case-insensitive name). */
        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        @Override
        public String toString() {
            return "Reply[" + status + ", " + body.length + " bytes]";
        }
    }

    /** No complete reply within the configured time; the vendor may still have done the work. */
    record TimedOut(String detail) implements TransportOutcome {
    }

    /** Connection failed or was closed without a reply; the vendor may still have done the work. */
    record IoFailure(String detail) implements TransportOutcome {
    }
}
