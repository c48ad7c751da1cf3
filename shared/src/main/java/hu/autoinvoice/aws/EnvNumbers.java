package hu.autoinvoice.aws;

import java.util.Map;

/** Whole-number settings read from a function's environment (tuning variables; never secrets). */
public final class EnvNumbers {

    private EnvNumbers() {
    }

    /**
     * The whole number in variable {@code name}, or {@code fallback} when it is unset or blank.
     *
     * @throws IllegalArgumentException when it is set to something else (the function must not start misconfigured)
     */
    public static int wholeNumber(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value.trim() + "'", e);
        }
    }
}
