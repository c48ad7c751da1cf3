package hu.autoinvoice.issuer;

import hu.autoinvoice.aws.TimeBudget;
import hu.autoinvoice.invoice.ExternalIds;
import hu.autoinvoice.observability.LogContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * With sharing on ({@link AccountShares}) the batch first takes its holds on the share board; a record its account's
 * grant does not cover is handed back (a delayed copy sent, the original acknowledged) instead of processed, and the
 * holds are let go when the batch is done.
 * Each record's thread logs with the caller's MDC (the request id) plus the record's {@code accountId} and
 * {@code purchaseId} ({@link LogContext}).
 */
public final class IssuerBatch {

    /**
     * One queue message.
     *
     * @param receiveCount SQS's {@code ApproximateReceiveCount} (1 on the first delivery)
     * @param handBacks how often this purchase's message was handed back before (the {@value HandBacks#ATTRIBUTE}
     *     message attribute; 0 when absent)
     */
    public record Message(String messageId, String body, int receiveCount, int handBacks) {
        public Message {
            Objects.requireNonNull(messageId, "messageId");
        }

        /** Never handed back. */
        public Message(String messageId, String body, int receiveCount) {
            this(messageId, body, receiveCount, 0);
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
    private final AccountShares shares;

    /** Without sharing. */
    public IssuerBatch(InvoiceIssuer issuer) {
        this(issuer, AccountShares.OFF);
    }

    public IssuerBatch(InvoiceIssuer issuer, AccountShares shares) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.shares = Objects.requireNonNull(shares, "shares");
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
        // the records that may be handed back, per account; the board grants how many of them run now
        Map<String, Integer> wanted = new LinkedHashMap<>();
        for (Message message : messages) {
            if (handBackable(message)) {
                wanted.merge(accountOf(message.body()), 1, Integer::sum);
            }
        }
        ShareBoard.Holds holds = shares.acquire(wanted, budget);
        try {
            return run(messages, holds, budget);
        } finally {
            shares.release(holds);
        }
    }

    private boolean handBackable(Message message) {
        return !accountOf(message.body()).isEmpty() && shares.mayHandBack(message);
    }

    private List<String> run(List<Message> messages, ShareBoard.Holds holds, TimeBudget budget) {
        Map<String, Semaphore> perAccount = new HashMap<>();
        Map<String, Integer> grantLeft = new HashMap<>(holds.granted());
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Message message : messages) {
                String account = accountOf(message.body());
                if (handBackable(message) && grantLeft.merge(account, -1, Integer::sum) < 0) {
                    results.add(threads.submit(LogContext.carried(() -> handBack(message, account))));
                    continue;
                }
                Semaphore cap = perAccount.computeIfAbsent(account,
                        a -> new Semaphore(issuer.settings().perAccountConcurrency()));
                // the handler's MDC (awsRequestId) carried to the record's virtual thread, plus its own ids
                results.add(threads.submit(LogContext.carried(() -> {
                    try (var a = LogContext.put(LogContext.ACCOUNT_ID, blankToNull(accountOf(message.body())));
                         var p = LogContext.put(LogContext.PURCHASE_ID, purchaseOf(message.body()))) {
                        cap.acquire();
                        try {
                            return issuer.process(message.body(), message.receiveCount(), budget).acknowledged();
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
                    if (!results.get(i).get()) {
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

    /** Hands the record back; true when the copy was sent (the original is then acknowledged), else it is retried. */
    private boolean handBack(Message message, String account) {
        try (var a = LogContext.put(LogContext.ACCOUNT_ID, account);
             var p = LogContext.put(LogContext.PURCHASE_ID, purchaseOf(message.body()))) {
            shares.handBack(message, account);
            LOG.info("Record {} handed back: its account is over its share (hand-back {})", message.messageId(),
                    message.handBacks() + 1);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Record {} could not be handed back; SQS will retry it: {}", message.messageId(), e.toString());
            return false;
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
