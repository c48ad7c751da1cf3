package hu.autoinvoice.agent;

import java.util.Objects;
import java.util.function.Function;

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

    /** The value read another way; a failure stays the same failure. */
    default <U> AgentResult<U> map(Function<? super T, ? extends U> f) {
        return switch (this) {
            case Ok<T> ok -> new Ok<>(f.apply(ok.value()));
            case Failed<T> failed -> new Failed<>(failed.error());
        };
    }

    default boolean isOk() {
        return this instanceof Ok;
    }
}
