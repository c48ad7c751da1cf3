package hu.autoinvoice.issuer;

import hu.autoinvoice.aws.TimeBudget;
import hu.autoinvoice.invoice.ExternalIds;
import hu.autoinvoice.observability.LogContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one SQS batch: every record on its own virtual thread, at most
 * {@link IssuerSettings#perAccountConcurrency()} records of one account at a time. One record's failure (an
 * exception included) never affects another; the result lists the message ids to report as batch item failures.
 * Each record's thread logs with the caller's MDC (the request id) plus the record's {@code accountId} and
 * {@code purchaseId} ({@link LogContext}).
 */
public final class IssuerBatch {

    /**
     * One queue message.
     *
     * @param receiveCount SQS's {@code ApproximateReceiveCount} (1 on the first delivery)
     */
    public record Message(String messageId, String body, int receiveCount) {
        public Message {
            Objects.requireNonNull(messageId, "messageId");
        }

        /** A first delivery. */
        public Message(String messageId, String body) {
            this(messageId, body, 1);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(IssuerBatch.class);
    private static final Pattern ACCOUNT_ID = Pattern.compile("\"accountId\"\\s*:\\s*\"([^\"]{1,64})\"");
    private static final Pattern PURCHASE_ID = Pattern.compile("\"purchaseId\"\\s*:\\s*\"([^\"]{1,64})\"");

    private final InvoiceIssuer issuer;

    public IssuerBatch(InvoiceIssuer issuer) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    /** Processes the messages without a time limit; returns the ids of those to retry. */
    public List<String> process(List<Message> messages) {
        return process(messages, TimeBudget.UNLIMITED);
    }

    /**
     * Processes the messages; returns the ids of those to retry (everything else is acknowledged). {@code budget} is the
     * invocation's time left: records that cannot start an Agent call in time are handed back for retry untouched.
     */
    public List<String> process(List<Message> messages, TimeBudget budget) {
        Map<String, Semaphore> perAccount = new HashMap<>();
        List<Future<IssueOutcome>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Message message : messages) {
                Semaphore cap = perAccount.computeIfAbsent(accountOf(message.body()),
                        a -> new Semaphore(issuer.settings().perAccountConcurrency()));
                // the handler's MDC (awsRequestId) carried to the record's virtual thread, plus its own ids
                results.add(threads.submit(LogContext.carried(() -> {
                    try (var a = LogContext.put(LogContext.ACCOUNT_ID, blankToNull(accountOf(message.body())));
                         var p = LogContext.put(LogContext.PURCHASE_ID, purchaseOf(message.body()))) {
                        cap.acquire();
                        try {
                            return issuer.process(message.body(), message.receiveCount(), budget);
                        } catch (RuntimeException | Error e) {
                            LOG.error("Record {} failed; SQS will retry it: {}", message.messageId(), e.toString());
                            throw e;
                        } finally {
                            cap.release();
                        }
                    }
                })));
            }
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                String id = messages.get(i).messageId();
                try {
                    if (!results.get(i).get().acknowledged()) {
                        failures.add(id);
                    }
                } catch (ExecutionException e) {
                    failures.add(id); // logged on the record's thread, with its ids
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add(id);
                }
            }
            return failures;
        }
    }

    /** The purchase id for the log context, read leniently (null when there is none that looks valid). */
    static String purchaseOf(String body) {
        if (body == null) {
            return null;
        }
        Matcher m = PURCHASE_ID.matcher(body);
        return m.find() && ExternalIds.isValidId(m.group(1)) ? m.group(1) : null;
    }

    /** The account id for the DLQ attributes, read leniently; null when there is none that looks valid. */
    static String accountIdOrNull(String body) {
        return blankToNull(accountOf(body));
    }

    private static String blankToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    /** The account id for the concurrency cap, read leniently (the issuer validates strictly). */
    static String accountOf(String body) {
        if (body == null) {
            return "";
        }
        Matcher m = ACCOUNT_ID.matcher(body);
        return m.find() && ExternalIds.isValidId(m.group(1)) ? m.group(1) : "";
    }
}
