package hu.autoinvoice.local.bench;

import hu.autoinvoice.issuer.FairShare;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A discrete-event model of the invoice queue, the Lambda event source mapping and the issuer, deterministic for a
 * seed: what the flash-sale benchmark ({@code make -s bench NAME=fairness}) runs, because the local SQS has no fair
 * queues. docs/PERFORMANCE.md ("Fairness between organisers") says how each part maps to the real service and where it
 * may be wrong.
 *
 * <ul>
 *   <li><b>Queue</b>: an SQS standard queue. Without fair-queue behaviour ({@link Config#fairQueue()} false) a receive
 *       returns the oldest visible messages first (a standard queue's best-effort order, taken as exact). With it, each
 *       message of a receive comes from the tenant ({@code MessageGroupId} = account) with the fewest messages in
 *       flight, the oldest first among equals — SQS fair queues' "quiet tenants first". A message is in flight from its
 *       receive until its invocation ends (the event source mapping deletes a batch's acknowledged records then).</li>
 *   <li><b>Event source mapping</b>: at most {@link Config#concurrency()} invocations at once (MaximumConcurrency);
 *       a free poller takes up to {@link Config#batchSize()} visible messages; with fewer it waits up to
 *       {@link Config#windowMillis()} (the batching window) for more; one batch forms at a time.</li>
 *   <li><b>Issuer</b>: an invocation costs {@link Config#overheadMillis()} besides its records (half before: the
 *       board, half after: the delete); every record is one Agent call of {@link Config#latencyMillis()} ± jitter.
 *       Without sharing, records of one account run at most {@link Config#perBatch()} at once and the rest wait in the
 *       invocation (the issuer's per-account concurrency). With sharing, the invocation asks the <b>same</b>
 *       {@link FairShare} the issuer asks, with the board's holds; records over the grant are handed back: a copy
 *       becomes visible after {@link Config#handBackMillis()}, the original is acknowledged.</li>
 * </ul>
 */
public final class FairnessModel {

    /**
     * One run's parameters.
     *
     * @param bigPurchases the flash sale's purchases (one organiser), arriving as a Poisson stream over {@code burstSeconds}
     * @param leadSeconds steady traffic before the burst starts
     * @param smallAccounts other organisers, each sending a Poisson stream at {@code smallPerMinute}, from 0 until
     *     {@code leadSeconds + 3 × burstSeconds}
     * @param share the issuer's share (0 = no sharing: no board, no hand-back)
     */
    public record Config(int bigPurchases, int burstSeconds, int leadSeconds, int smallAccounts, double smallPerMinute,
            int concurrency, int batchSize, int windowMillis, int latencyMillis, double jitter, int perBatch,
            int share, int handBackMillis, int maxHandBacks, int overheadMillis, boolean fairQueue, long seed) {

        public Config {
            if (concurrency < 1 || batchSize < 1 || perBatch < 1 || bigPurchases < 0 || smallAccounts < 0
                    || burstSeconds < 1 || latencyMillis < 1 || jitter < 0 || jitter >= 1) {
                throw new IllegalArgumentException("invalid model parameters");
            }
        }

        public Config withFairness(boolean fairQueue, int share) {
            return new Config(bigPurchases, burstSeconds, leadSeconds, smallAccounts, smallPerMinute, concurrency,
                    batchSize, windowMillis, latencyMillis, jitter, perBatch, share, handBackMillis, maxHandBacks,
                    overheadMillis, fairQueue, seed);
        }
    }

    /**
     * What one run measured; every time in seconds.
     *
     * @param smallWaits each small organiser's purchase sent during the burst: from its send to its invoice (the end of
     *     its Agent call), sorted
     * @param bigDrainSeconds from the burst's start to the big organiser's last invoice
     * @param processedTwice purchases processed more than once (the model's invariant: 0)
     * @param lost purchases never processed (0)
     * @param maxConcurrent the most invocations running at once (≤ concurrency)
     * @param maxHandBacksOfOne the most hand-backs of one purchase (≤ maxHandBacks)
     * @param maxBigInFlightWithOthers the most big-organiser records held on the board right after a grant to it made
     *     while another account had work (≤ share)
     */
    public record Result(int purchases, double[] smallWaits, double bigDrainSeconds, long handBacks, long invocations,
            int processedTwice, int lost, int maxConcurrent, int maxHandBacksOfOne, int maxBigInFlightWithOthers,
            long receives) {

        public double smallPercentile(double p) {
            if (smallWaits.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p / 100.0 * smallWaits.length) - 1;
            return smallWaits[Math.clamp(i, 0, smallWaits.length - 1)];
        }
    }

    static final String BIG = "big-organiser";

    private record Message(int purchase, String account, double sentAt, int handBacks, long seq) { }

    private record Event(double at, long seq, Runnable action) { }

    private final Config config;
    private final FairShare rule;
    private final SplittableRandom random;
    private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.at != b.at ? Double.compare(a.at, b.at)
            : Long.compare(a.seq, b.seq));
    private final Map<String, ArrayDeque<Message>> visible = new LinkedHashMap<>();
    private final Map<String, Integer> inFlight = new HashMap<>();
    private final Map<String, Integer> board = new HashMap<>();
    private int visibleCount;
    private long seq;
    private double now;

    private List<Message> forming;
    private long formingId;
    private int running;

    private int[] processed;
    private double[] doneAt;
    private String[] accountOf;
    private double[] sentAt;
    private int[] handBacksOf;
    private long handBacks;
    private long invocations;
    private long receives;
    private int maxConcurrent;
    private int maxBigInFlightWithOthers;

    private FairnessModel(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        this.rule = config.share() > 0 ? new FairShare(config.share(), config.perBatch(), config.maxHandBacks()) : null;
        this.random = new SplittableRandom(config.seed());
    }

    /** Runs the model to the last invoice. */
    public static Result run(Config config) {
        return new FairnessModel(config).simulate();
    }

    private Result simulate() {
        double burstStart = config.leadSeconds();
        List<double[]> arrivals = new ArrayList<>(); // {time, accountIndex (-1 = big)}
        double bigRate = config.bigPurchases() / (double) config.burstSeconds();
        SplittableRandom bigStream = random.split();
        double t = burstStart;
        for (int i = 0; i < config.bigPurchases(); i++) {
            t += exponential(bigStream, bigRate);
            arrivals.add(new double[] {Math.min(t, burstStart + config.burstSeconds()), -1});
        }
        double smallEnd = config.leadSeconds() + 3.0 * config.burstSeconds();
        double smallRate = config.smallPerMinute() / 60.0;
        for (int a = 0; a < config.smallAccounts() && smallRate > 0; a++) {
            SplittableRandom stream = random.split();
            for (double s = exponential(stream, smallRate); s < smallEnd; s += exponential(stream, smallRate)) {
                arrivals.add(new double[] {s, a});
            }
        }
        arrivals.sort((x, y) -> Double.compare(x[0], y[0]));
        int n = arrivals.size();
        processed = new int[n];
        doneAt = new double[n];
        accountOf = new String[n];
        sentAt = new double[n];
        handBacksOf = new int[n];
        for (int i = 0; i < n; i++) {
            double[] a = arrivals.get(i);
            accountOf[i] = a[1] < 0 ? BIG : "small-" + (int) a[1];
            sentAt[i] = a[0];
            Message m = new Message(i, accountOf[i], a[0], 0, 0);
            at(a[0], () -> arrive(m));
        }
        while (!events.isEmpty()) {
            Event e = events.poll();
            now = e.at();
            e.action().run();
        }

        double lastBig = burstStart;
        List<Double> waits = new ArrayList<>();
        int twice = 0;
        int lost = 0;
        int maxOne = 0;
        for (int i = 0; i < n; i++) {
            twice += processed[i] > 1 ? 1 : 0;
            lost += processed[i] == 0 ? 1 : 0;
            maxOne = Math.max(maxOne, handBacksOf[i]);
            if (accountOf[i].equals(BIG)) {
                lastBig = Math.max(lastBig, doneAt[i]);
            } else if (sentAt[i] >= burstStart && sentAt[i] <= burstStart + config.burstSeconds()) {
                waits.add(doneAt[i] - sentAt[i]);
            }
        }
        double[] sorted = waits.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return new Result(n, sorted, lastBig - burstStart, handBacks, invocations, twice, lost, maxConcurrent, maxOne,
                maxBigInFlightWithOthers, receives);
    }

    private static double exponential(SplittableRandom r, double rate) {
        return -Math.log(1 - r.nextDouble()) / rate;
    }

    private void at(double time, Runnable action) {
        events.add(new Event(time, seq++, action));
    }

    // ---- the queue ----

    private void arrive(Message m) {
        visible.computeIfAbsent(m.account(), a -> new ArrayDeque<>())
                .add(new Message(m.purchase(), m.account(), m.sentAt(), m.handBacks(), seq++));
        visibleCount++;
        if (forming != null) {
            forming.add(receive());
            if (forming.size() >= config.batchSize()) {
                List<Message> batch = forming;
                forming = null;
                invoke(batch);
            }
        }
        poll();
    }

    /** One message by the queue's order; it is in flight from now on. */
    private Message receive() {
        String pick = null;
        Message head = null;
        for (var e : visible.entrySet()) {
            Message h = e.getValue().peekFirst();
            if (h == null) {
                continue;
            }
            if (head == null || better(e.getKey(), h, pick, head)) {
                pick = e.getKey();
                head = h;
            }
        }
        visible.get(pick).pollFirst();
        visibleCount--;
        receives++;
        inFlight.merge(pick, 1, Integer::sum);
        return head;
    }

    private boolean better(String tenant, Message h, String bestTenant, Message best) {
        if (config.fairQueue()) {
            int a = inFlight.getOrDefault(tenant, 0);
            int b = inFlight.getOrDefault(bestTenant, 0);
            if (a != b) {
                return a < b;
            }
        }
        return h.seq() < best.seq();
    }

    // ---- the event source mapping ----

    private void poll() {
        while (forming == null && visibleCount > 0 && running < config.concurrency()) {
            List<Message> batch = new ArrayList<>();
            while (batch.size() < config.batchSize() && visibleCount > 0) {
                batch.add(receive());
            }
            if (batch.size() >= config.batchSize()) {
                invoke(batch);
            } else {
                forming = batch;
                long id = ++formingId;
                at(now + config.windowMillis() / 1000.0, () -> windowEnds(id));
            }
        }
    }

    private void windowEnds(long id) {
        if (forming != null && formingId == id) {
            List<Message> batch = forming;
            forming = null;
            invoke(batch);
            poll();
        }
    }

    // ---- the issuer ----

    private void invoke(List<Message> batch) {
        running++;
        invocations++;
        maxConcurrent = Math.max(maxConcurrent, running);
        double start = now + config.overheadMillis() / 2000.0;
        Map<String, Integer> held = grant(batch);
        Map<String, Integer> granted = new HashMap<>(held);
        Map<String, PriorityQueue<Double>> free = new HashMap<>();
        double end = start;
        for (Message m : batch) {
            boolean handBackable = rule != null && rule.mayHandBack(1, m.handBacks());
            if (handBackable && granted.merge(m.account(), -1, Integer::sum) < 0) {
                handBacks++;
                handBacksOf[m.purchase()]++;
                Message copy = new Message(m.purchase(), m.account(), m.sentAt(), m.handBacks() + 1, 0);
                at(start + config.handBackMillis() / 1000.0, () -> arrive(copy));
                continue;
            }
            PriorityQueue<Double> slots = free.computeIfAbsent(m.account(), a -> {
                PriorityQueue<Double> q = new PriorityQueue<>();
                for (int i = 0; i < config.perBatch(); i++) {
                    q.add(start);
                }
                return q;
            });
            double begins = slots.poll();
            double done = begins + latency();
            slots.add(done);
            processed[m.purchase()]++;
            doneAt[m.purchase()] = done;
            end = Math.max(end, done);
        }
        double finish = end + config.overheadMillis() / 2000.0;
        at(finish, () -> {
            running--;
            for (Message m : batch) {
                inFlight.merge(m.account(), -1, Integer::sum);
            }
            held.forEach((account, k) -> board.merge(account, -k, Integer::sum));
            poll();
        });
    }

    /** What the issuer's {@link FairShare} grants this batch against the board; takes the holds. */
    private Map<String, Integer> grant(List<Message> batch) {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        if (rule == null) {
            return wanted;
        }
        for (Message m : batch) {
            if (rule.mayHandBack(1, m.handBacks())) {
                wanted.merge(m.account(), 1, Integer::sum);
            }
        }
        Map<String, Integer> inFlightOnBoard = new HashMap<>();
        board.forEach((a, k) -> {
            if (k > 0) {
                inFlightOnBoard.put(a, k);
            }
        });
        Map<String, Integer> grants = rule.grant(wanted, inFlightOnBoard);
        grants.forEach((account, k) -> board.merge(account, k, Integer::sum));
        boolean othersHaveWork = wanted.keySet().stream().anyMatch(a -> !a.equals(BIG))
                || inFlightOnBoard.keySet().stream().anyMatch(a -> !a.equals(BIG));
        if (othersHaveWork && grants.getOrDefault(BIG, 0) > 0) {
            maxBigInFlightWithOthers = Math.max(maxBigInFlightWithOthers, board.getOrDefault(BIG, 0));
        }
        return grants;
    }

    private double latency() {
        double base = config.latencyMillis() / 1000.0;
        return base * (1 + config.jitter() * (2 * random.nextDouble() - 1));
    }
}
