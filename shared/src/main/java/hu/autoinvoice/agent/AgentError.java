package hu.autoinvoice.agent;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A failed Agent call as a value.
 *
 * @param code the vendor's error code when there was one (none for transport failures and unparsable replies)
 * @param message the vendor's or transport's message, URL-decoded, shortened, with the Agent key scrubbed out
 */
public record AgentError(OutcomeClass outcomeClass, OptionalInt code, String message) {

    public AgentError {
        Objects.requireNonNull(outcomeClass, "outcomeClass");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** An error classified by the code table ({@link AgentErrorCode}). */
    public static AgentError ofCode(int code, String message) {
        return new AgentError(AgentErrorCode.classify(code), OptionalInt.of(code), message);
    }

    /** An error without a vendor code. */
    public static AgentError of(OutcomeClass outcomeClass, String message) {
        return new AgentError(outcomeClass, OptionalInt.empty(), message);
    }

    /** For {@link OutcomeClass#ACCOUNT} errors, which account problem it is; empty for other classes. */
    public Optional<AccountProblem> accountProblem() {
        return outcomeClass == OutcomeClass.ACCOUNT
                ? Optional.of(known().flatMap(AgentErrorCode::accountProblem).orElse(AccountProblem.OTHER))
                : Optional.empty();
    }

    /** The vendor code as a known {@link AgentErrorCode}; empty without a code or for a code not in the table. */
    public Optional<AgentErrorCode> known() {
        return code.isPresent() ? AgentErrorCode.of(code.getAsInt()) : Optional.empty();
    }
}
