package hu.autoinvoice.agent;

import java.util.Objects;

/** The outcome of one Agent call: a value, or an {@link AgentError}. Expected failures are never exceptions. */
public sealed interface AgentResult<T> permits AgentResult.Ok, AgentResult.Failed {

    /** Success. */
    record Ok<T>(T value) implements AgentResult<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A classified failure. */
    record Failed<T>(AgentError error) implements AgentResult<T> {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    static <T> AgentResult<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> AgentResult<T> failed(AgentError error) {
        return new Failed<>(error);
    }

    default boolean isOk() {
        return this instanceof Ok;
    }
}
