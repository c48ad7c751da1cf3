package hu.autoinvoice.observability;

import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.MDC;

/**
 * The MDC keys every JSON log line may carry ({@link JsonLogProvider} in the Lambdas, log4j2.xml in tests, flatten the MDC into the line),
 * and how to set them for a scope and carry them to another thread (virtual threads start with an empty MDC).
 * Values are ids only — never a key, a plaintext or a ciphertext.
 */
public final class LogContext {

    /** The Lambda request id of the invocation ({@code Context.getAwsRequestId()}). */
    public static final String AWS_REQUEST_ID = "awsRequestId";
    /** The organiser account the line is about. */
    public static final String ACCOUNT_ID = "accountId";
    /** The purchase the line is about (issuer). */
    public static final String PURCHASE_ID = "purchaseId";

    private LogContext() {}

    /** Puts {@code key=value} (nothing for a null value) until the returned scope is closed, then restores the previous value. */
    public static Scope put(String key, String value) {
        String previous = MDC.get(key);
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
        return () -> {
            if (previous == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, previous);
            }
        };
    }

    /** The invocation scope of a handler: the request id on every line until closed. */
    public static Scope invocation(String awsRequestId) {
        return put(AWS_REQUEST_ID, awsRequestId);
    }

    /** {@code task} run on another thread with the calling thread's MDC (then that thread's MDC is cleared). */
    public static <T> Callable<T> carried(Callable<T> task) {
        Map<String, String> copy = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            if (copy == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(copy);
            }
            try {
                return task.call();
            } finally {
                if (before == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(before);
                }
            }
        };
    }

    /** As {@link #carried(Callable)} for a {@link Runnable}. */
    public static Runnable carried(Runnable task) {
        Callable<Void> carried = carried(() -> {
            task.run();
            return null;
        });
        return () -> {
            try {
                carried.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** A scope whose close cannot fail. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
