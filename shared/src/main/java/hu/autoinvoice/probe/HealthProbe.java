package hu.autoinvoice.probe;

import hu.autoinvoice.aws.TimeBudget;
import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.observability.LogContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One probe run over every connected account (docs/DESIGN.md §6): a parallel scan (one virtual thread per segment) feeding
 * {@link AccountProber} on virtual threads, at most {@link ProbeSettings#concurrency()} accounts at a time.
 *
 * <p>Never overruns its invocation: once less than {@link ProbeSettings#safetyMargin()} is left, no new account is
 * started, the in-flight ones finish, and the position of every segment is saved in a {@link ProbeCursorStore}; the
 * next run continues there, so across the two runs every account is probed exactly once. A run that reaches the
 * end of every segment clears the cursor. Within a segment accounts are started in scan order, so "started" is
 * always a prefix of the segment and the last started account's key is a valid resume point.
 */
public final class HealthProbe {

    private static final Logger LOG = LoggerFactory.getLogger(HealthProbe.class);

    private final AccountStore accounts;
    private final ProbeCursorStore cursors;
    private final AccountProber prober;
    private final ProbeSettings settings;
    private final ProbeMetrics metrics;
    private final Clock clock;

    public HealthProbe(AccountStore accounts, ProbeCursorStore cursors, AccountProber prober, ProbeSettings settings,
            ProbeMetrics metrics, Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.cursors = Objects.requireNonNull(cursors, "cursors");
        this.prober = Objects.requireNonNull(prober, "prober");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Runs until every account was probed or {@code budget} runs low, then saves or clears the cursor. */
    public ProbeReport run(TimeBudget budget) {
        long started = System.nanoTime();
        Optional<ProbeCursor> stored = cursors.load();
        boolean resumed = stored.filter(c -> c.totalSegments() == settings.segments()).isPresent();
        if (stored.isPresent() && !resumed) {
            LOG.info("probe cursor has {} segments, configured {}: starting over", stored.get().totalSegments(),
                    settings.segments());
        }
        ProbeCursor from = resumed ? stored.get() : ProbeCursor.fresh(settings.segments());
        Tally tally = new Tally();
        Semaphore permits = new Semaphore(settings.concurrency());
        List<ProbeCursor.Position> reached = new ArrayList<>(from.segments());
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            try (ExecutorService scanners = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<ProbeCursor.Position>> segments = new ArrayList<>();
                for (int segment = 0; segment < settings.segments(); segment++) {
                    int s = segment;
                    ProbeCursor.Position start = from.segments().get(s);
                    segments.add(scanners.submit(LogContext.carried(() -> scanSegment(s, start, budget, permits, workers, tally))));
                }
                for (int segment = 0; segment < segments.size(); segment++) {
                    reached.set(segment, positionOf(segments.get(segment), from.segments().get(segment), segment));
                }
            }
        } // closing the workers waits for every in-flight account
        ProbeCursor cursor = new ProbeCursor(reached);
        boolean completed = cursor.allDone();
        if (completed) {
            cursors.clear();
        } else {
            cursors.save(cursor, clock.instant());
        }
        ProbeReport report = tally.report(resumed, completed, (System.nanoTime() - started) / 1_000_000);
        LOG.atInfo().addKeyValue("event", "probe_run").addKeyValue("report", report.asMap())
                .log("probe run: {}", report.summary());
        metrics.runFinished(report);
        return report;
    }

    private ProbeCursor.Position scanSegment(int segment, ProbeCursor.Position start, TimeBudget budget,
            Semaphore permits, ExecutorService workers, Tally tally) throws InterruptedException {
        if (start.done()) {
            return start;
        }
        Optional<Map<String, AttributeValue>> startKey = start.startKey();
        while (!low(budget)) {
            AccountStore.AccountPage page;
            try {
                page = accounts.scan(segment, settings.segments(), startKey, settings.pageSize());
            } catch (RuntimeException e) {
                LOG.warn("probe scan of segment {} failed, it continues from here next run: {}", segment, e.toString());
                return ProbeCursor.Position.after(startKey);
            }
            for (Account account : page.accounts()) {
                permits.acquire();
                if (low(budget)) {
                    permits.release();
                    return ProbeCursor.Position.after(startKey);
                }
                workers.submit(LogContext.carried(() -> {
                    try (var scope = LogContext.put(LogContext.ACCOUNT_ID, account.accountId())) {
                        tally.add(prober.probe(account, () -> !low(budget, 2)));
                    } finally {
                        permits.release();
                    }
                }));
                startKey = Optional.of(Map.of(Tables.ACCOUNT_ID, AttributeValue.fromS(account.accountId())));
            }
            if (page.next().isEmpty()) {
                return ProbeCursor.Position.DONE;
            }
            startKey = page.next();
        }
        return ProbeCursor.Position.after(startKey);
    }

    private ProbeCursor.Position positionOf(Future<ProbeCursor.Position> scan, ProbeCursor.Position before,
            int segment) {
        try {
            return scan.get();
        } catch (ExecutionException e) {
            // unexpected: where the segment got to is unknown, so it restarts from where this run began it
            LOG.warn("probe of segment {} failed, it continues from its previous position next run: {}",
                    segment, e.getCause().toString());
            return before;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return before;
        }
    }

    private boolean low(TimeBudget budget) {
        return low(budget, 1);
    }

    /** Less than {@code factor} × the safety margin left. */
    private boolean low(TimeBudget budget, int factor) {
        return budget.remainingMillis() < settings.safetyMargin().toMillis() * factor;
    }

    /** Counts of one run, updated from the worker threads. */
    private static final class Tally {
        private final AtomicInteger probed = new AtomicInteger();
        private final AtomicInteger healthy = new AtomicInteger();
        private final AtomicInteger unhealthy = new AtomicInteger();
        private final AtomicInteger changed = new AtomicInteger();
        private final AtomicInteger inconclusive = new AtomicInteger();
        private final AtomicInteger backfilled = new AtomicInteger();
        private final AtomicInteger swept = new AtomicInteger();
        private final AtomicInteger backfillFailed = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicInteger skipped = new AtomicInteger();

        void add(AccountProbeResult r) {
            count(probed, r.queried());
            count(healthy, r.statusAfter().filter(s -> s == AccountStatus.HEALTHY).isPresent());
            count(unhealthy, r.statusAfter().filter(s -> s != AccountStatus.HEALTHY).isPresent());
            count(changed, r.changed());
            count(inconclusive, r.inconclusive());
            count(backfilled, r.backfill() == AccountProbeResult.Backfill.DONE);
            count(swept, r.backfill() == AccountProbeResult.Backfill.SWEPT);
            count(backfillFailed, r.backfill() == AccountProbeResult.Backfill.FAILED);
            count(failed, r.failed());
            count(skipped, r.skipped());
        }

        ProbeReport report(boolean resumed, boolean completed, long elapsedMillis) {
            return new ProbeReport(probed.get(), healthy.get(), unhealthy.get(), changed.get(), inconclusive.get(), backfilled.get(), swept.get(),
                    backfillFailed.get(), failed.get(), skipped.get(), resumed, completed, elapsedMillis);
        }

        private static void count(AtomicInteger counter, boolean yes) {
            if (yes) {
                counter.incrementAndGet();
            }
        }
    }
}
