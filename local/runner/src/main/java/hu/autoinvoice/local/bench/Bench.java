package hu.autoinvoice.local.bench;

import hu.autoinvoice.local.LocalHttpServers;
import hu.autoinvoice.local.aws.LocalAwsConfig;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code make -s bench [NAME=cold|batch|cost|throughput|e2e|probe|list|fairness] [ARGS="--purchases=200 ..."]}: runs the benchmarks on the
 * local stand-ins and prints one {@code name=value} line per figure (docs/PERFORMANCE.md explains each). Every figure
 * is a ratio of two things measured in the same run; nothing here asserts a speed.
 */
public final class Bench {

    /** One benchmark. */
    @FunctionalInterface
    public interface Benchmark {
        BenchResult run(BenchStand stand, BenchArgs args) throws Exception;
    }

    /** The benchmarks by name, in the order {@code make bench} runs them. */
    public static final Map<String, Benchmark> ALL = benchmarks();

    private Bench() {}

    private static Map<String, Benchmark> benchmarks() {
        Map<String, Benchmark> all = new LinkedHashMap<>();
        all.put("cold", ColdBench::run);
        all.put("batch", BatchBench::run);
        all.put("cost", CostBench::run);
        all.put("throughput", ThroughputBench::run);
        all.put("e2e", EndToEndBench::run);
        all.put("probe", ProbeBench::run);
        all.put("list", ListBench::run);
        all.put("fairness", FairnessBench::run);
        return all;
    }

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 && !args[0].startsWith("--") ? args[0] : "all";
        String[] options = name.equals("all") && (args.length == 0 || args[0].startsWith("--")) ? args
                : Arrays.copyOfRange(args, 1, args.length);
        if (!name.equals("all") && !ALL.containsKey(name)) {
            System.err.println("unknown benchmark " + name + "; one of " + ALL.keySet() + " (or none for all)");
            System.exit(2);
        }
        if (name.equals("all") && options.length > 0) {
            System.err.println("options (" + String.join(" ", options) + ") need one benchmark: NAME=<one of " + ALL.keySet() + ">");
            System.exit(2);
        }
        if (name.equals("fairness")) { // a model in this JVM: no stand-ins to start
            run(name, ALL.get(name), null, BenchArgs.parse(options), System.out);
            System.exit(0);
        }
        // idle keep-alive connections per host: AwsClients keeps 32 per container; this one JVM stands for several
        // containers (EndToEndBench: 4 invocations of 10 records, each its own container with its own cache in AWS), and
        // its stand-ins' own clients, so it keeps 4 × 32. Set before the first HTTP connection (the JDK reads it once).
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "128");
        }
        // the stand-ins' servers on platform threads: the virtual threads are then the issuer's alone (EndToEndBench)
        if (System.getProperty(LocalHttpServers.PLATFORM_THREADS) == null) {
            System.setProperty(LocalHttpServers.PLATFORM_THREADS, "true");
        }
        try (BenchStand stand = BenchStand.start(backend(name, BenchArgs.parse(options)))) {
            for (var entry : ALL.entrySet()) {
                if (name.equals("all") || name.equals(entry.getKey())) {
                    run(entry.getKey(), entry.getValue(), stand, BenchArgs.parse(options), System.out);
                }
            }
        }
        System.exit(0);
    }

    /**
     * The DynamoDB stand-in to run on: {@code --dynamodb=in-jvm|dynalite} if given, otherwise the in-JVM one for every
     * benchmark — they measure our code, and dynalite (one Node process) would be what the throughput benchmark
     * measures. The test suite keeps dynalite as its default ({@link LocalAwsConfig#defaults()}).
     */
    static LocalAwsConfig.DynamoDbBackend backend(String name, BenchArgs args) {
        return args.value(BenchArgs.DYNAMODB).map(LocalAwsConfig.DynamoDbBackend::parse)
                .orElse(LocalAwsConfig.DynamoDbBackend.IN_JVM);
    }

    /** Runs one benchmark and prints its figures. */
    public static BenchResult run(String name, Benchmark benchmark, BenchStand stand, BenchArgs args, PrintStream out)
            throws Exception {
        System.err.println("bench: " + name + " ...");
        BenchResult result = benchmark.run(stand, args);
        result.print(out);
        return result;
    }
}
