package hu.autoinvoice.local.runner;

import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.local.probe.CountingProbeMetrics;
import hu.autoinvoice.probe.HealthProbe;
import hu.autoinvoice.probe.HealthProbeWiring;
import hu.autoinvoice.probe.InvoiceBackfill;
import hu.autoinvoice.probe.ProbeReport;
import hu.autoinvoice.aws.TimeBudget;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health probe of {@code make run}: the function's own {@link HealthProbe} (built by
 * {@link HealthProbeHandler#compose}) against the stand-ins and the simulator, run every
 * {@link RunnerOptions#probeIntervalSeconds()} (0 = never on a timer) and on demand with {@link #runNow()}. Runs
 * never overlap. Each run gets {@link #RUN_BUDGET}, as a Lambda invocation would get its timeout. Start it before the
 * connect API, whose local HTTP front maps {@code POST /_local/probe} to {@link #runNow()}.
 */
public final class ProbeComponent implements LocalComponent {

    /** The time budget of one local run (the deployed function's timeout plays this part in AWS). */
    public static final Duration RUN_BUDGET = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(ProbeComponent.class);

    private final HealthProbe probe;
    private final int intervalSeconds;
    private final ReentrantLock running = new ReentrantLock();
    private final Optional<ScheduledExecutorService> timer;
    private volatile ProbeReport lastReport;

    private ProbeComponent(HealthProbe probe, int intervalSeconds) {
        this.probe = probe;
        this.intervalSeconds = intervalSeconds;
        if (intervalSeconds > 0) {
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "autoinvoice-local-probe");
                thread.setDaemon(true);
                return thread;
            });
            executor.scheduleWithFixedDelay(this::runOnTimer, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
            this.timer = Optional.of(executor);
        } else {
            this.timer = Optional.empty();
        }
    }

    /** Starts after the AWS stand-ins and the simulator; a recovered account's parked invoices go back to the queue. */
    public static ProbeComponent start(RunnerContext context) {
        return start(context, context.component(AwsComponent.class).requeue()::backfill);
    }

    /** As {@link #start(RunnerContext)} with the given backfill. */
    public static ProbeComponent start(RunnerContext context, InvoiceBackfill backfill) {
        AwsComponent aws = context.component(AwsComponent.class);
        AppConfig config = aws.resources().appConfig(context.component(AgentEndpoint.class).agentUrl());
        HealthProbe probe = HealthProbeWiring.over(config, aws.aws().clients()).withBackfill(backfill)
                .withMetrics(new CountingProbeMetrics()).probe();
        return new ProbeComponent(probe, context.options().probeIntervalSeconds());
    }

    /** Runs the probe now (waiting for a timer run in progress to finish first) and returns its report. */
    public ProbeReport runNow() {
        running.lock();
        try {
            ProbeReport report = probe.run(TimeBudget.of(RUN_BUDGET));
            lastReport = report;
            return report;
        } finally {
            running.unlock();
        }
    }

    /** The report of the last finished run, if any. */
    public Optional<ProbeReport> lastReport() {
        return Optional.ofNullable(lastReport);
    }

    private void runOnTimer() {
        try {
            runNow();
        } catch (RuntimeException e) {
            LOG.warn("local probe run failed: {}", e.toString());
        }
    }

    @Override
    public String name() {
        return "Health probe";
    }

    @Override
    public List<String> describe() {
        return List.of(
                String.format("%-22s %s", "timer", intervalSeconds > 0
                        ? "every " + intervalSeconds + " s (--probe-interval=, AUTOINVOICE_PROBE_INTERVAL_SECONDS)"
                        : "off (--probe-interval=0); on demand only"),
                String.format("%-22s %s", "backfill", "a recovered account's parked invoices go back to invoice-requests"));
    }

    @Override
    public void close() {
        timer.ifPresent(executor -> {
            executor.shutdown(); // a probe run under way finishes its calls: an interrupt would abort one mid-request
            try {
                if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        });
    }
}
