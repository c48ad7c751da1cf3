package hu.autoinvoice.connect;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one error shape of the connect API: {@code {code, message, messageHu, fields?, requestId?}}.
 *
 * @param fields the invalid fields of a {@link ErrorCode#VALIDATION_FAILED} answer (empty otherwise)
 * @param requestId set on {@link ErrorCode#INTERNAL_ERROR} so support can find the log lines
 */
public record ApiError(ErrorCode code, String message, String messageHu, List<FieldError> fields,
        Optional<String> requestId) {

    public ApiError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(messageHu, "messageHu");
        fields = List.copyOf(fields);
        Objects.requireNonNull(requestId, "requestId");
    }

    /** The error with its standard texts. */
    public static ApiError of(ErrorCode code) {
        Bilingual text = ConnectTexts.error(code);
        return new ApiError(code, text.en(), text.hu(), List.of(), Optional.empty());
    }

    /** A validation failure listing the fields. */
    public static ApiError invalid(List<FieldError> fields) {
        Bilingual text = ConnectTexts.error(ErrorCode.VALIDATION_FAILED);
        return new ApiError(ErrorCode.VALIDATION_FAILED, text.en(), text.hu(), fields, Optional.empty());
    }

    /** An unexpected failure, with the request id to quote to support. */
    public static ApiError internal(String requestId) {
        Bilingual text = ConnectTexts.error(ErrorCode.INTERNAL_ERROR);
        return new ApiError(ErrorCode.INTERNAL_ERROR, text.en() + " Request id: " + requestId,
                text.hu() + " Kérésazonosító: " + requestId, List.of(), Optional.of(requestId));
    }

    public int httpStatus() {
        return code.httpStatus();
    }
}
