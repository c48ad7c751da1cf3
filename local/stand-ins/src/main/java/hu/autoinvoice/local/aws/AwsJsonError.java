package hu.autoinvoice.local.aws;

/**
 * An AWS JSON 1.1 error reply: HTTP 400 (unless given) with {@code {"__type": type, "message": message}}, which the
 * SDK turns into the modeled exception named by {@code type}. Messages must never carry plaintext or ciphertext.
 */
final class AwsJsonError extends Exception {

    private final String type;
    private final int status;

    AwsJsonError(String type, String message) {
        this(type, message, 400);
    }

    AwsJsonError(String type, String message, int status) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
    }

    String type() {
        return type;
    }

    int status() {
        return status;
    }

    static AwsJsonError validation(String message) {
        return new AwsJsonError("ValidationException", message);
    }
}
