package hu.autoinvoice.local.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.local.aws.ProjectRoot;
import hu.autoinvoice.local.aws.ResourceProvisioner;
import hu.autoinvoice.local.runner.IssuerFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Benchmark 1, cold start: for each function a fresh JVM runs its shaded Lambda jar the way the Lambda Java runtime
 * does ({@link ColdLauncher}: handler loaded in its own class loader, no-arg constructor = init, one invoke on the
 * sample event from {@code events/} deserialised with aws-lambda-java-serialization = first invoke), against the
 * stand-ins and the simulator of this process. In the same run, alternating with it, the same measurement of the
 * baseline ({@code local/cold-baseline}: one DynamoDB client, one GetItem). {@code runs} fresh JVMs each; medians.
 * <p>
 * Figures per function ({@code fn} = connect_api, invoice_issuer, health_probe) and for {@code baseline}:
 * {@code cold_<fn>_init_ms}, {@code cold_<fn>_first_invoke_ms}, {@code cold_<fn>_loaded_classes} (from
 * {@code -Xlog:class+load}), {@code cold_<fn>_jar_bytes}; and {@code cold_ratio_<fn>} = (init + first invoke) ours /
 * baseline (target ≤ 1.25). JVM flags: those of Lambda's java21 runtime, {@link #LAMBDA_JVM_FLAGS}.
 * {@code --classes=N} prints the N packages loading the most classes per function to stderr (where to cut);
 * {@code --keep=1} keeps the children's class-load logs and output.
 */
public final class ColdBench {

    static final Set<String> OPTIONS = Set.of("runs", "classes", "keep");

    /** Lambda (java17 and java21) stops tiered compilation at C1 by default; the GC is left to JVM ergonomics. */
    static final List<String> LAMBDA_JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-Xshare:auto");

    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(120);

    /** One function under test: its module, handler class and how to check its answer. */
    record Function(String module, String handler, String eventFile, Predicate<String> answerOk) {
        String key() {
            return module.replace('-', '_');
        }
    }

    static final List<Function> FUNCTIONS = List.of(
            new Function("connect-api", "hu.autoinvoice.connect.ConnectApiHandler", "events/connect-api/get-status.json",
                    a -> a.contains("\"statusCode\":200")),
            new Function("invoice-issuer", "hu.autoinvoice.issuer.InvoiceIssuerHandler",
                    "events/invoice-issuer/sqs-purchase-paid.json", a -> a.contains("\"batchItemFailures\":[]")),
            new Function("health-probe", "hu.autoinvoice.probe.HealthProbeHandler", "events/health-probe/scheduled.json",
                    a -> a.contains("\"probed\":1") && a.contains("\"failed\":0")));

    static final String BASELINE_HANDLER = "hu.autoinvoice.baseline.BaselineHandler";

    /** One child JVM's figures. */
    record Sample(long initNanos, long invokeNanos, int loadedClasses, Map<String, Integer> classesByPackage) {
        long totalNanos() {
            return initNanos + invokeNanos;
        }

        /** Classes loaded from packages starting with {@code prefix}. */
        long count(String prefix) {
            return classesByPackage.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }

    private ColdBench() {}

    public static BenchResult run(BenchStand stand, BenchArgs args) throws Exception {
        args.requireOnly("cold", OPTIONS);
        int runs = args.intValue("runs", 5);
        int topPackages = args.intValue("classes", 0);
        boolean keep = args.intValue("keep", 0) > 0;
        Path root = ProjectRoot.find().orElseThrow(() -> new IllegalStateException(
                "the checkout root is not found (set -Dautoinvoice.root)"));
        Map<String, Path> jars = new LinkedHashMap<>();
        for (Function f : FUNCTIONS) {
            jars.put(f.key(), jar(root.resolve("functions").resolve(f.module()).resolve("target"), f.module() + "-"));
        }
        Path baselineJar = jar(root.resolve("local/cold-baseline/target"), "autoinvoice-cold-baseline-");
        Path work = Files.createTempDirectory("cold-bench");
        try {
            Path launcher = launcherClasspath(work);
            String run = UUID.randomUUID().toString().substring(0, 6);
            AppConfig base = stand.freshQueues(Duration.ofSeconds(60));
            Map<String, List<Sample>> ours = new LinkedHashMap<>();
            List<Sample> baseline = new ArrayList<>();
            Map<String, List<Sample>> baselineBy = new LinkedHashMap<>();
            for (int i = 0; i < runs; i++) {
                for (Function f : FUNCTIONS) {
                    // a private accounts table with ONE connected account per measurement: the probe scans them all
                    String table = "cold-" + run + "-" + i + "-" + f.key().replace('_', '-');
                    ResourceProvisioner.createTable(stand.clients().dynamoDb(), Tables.accounts(table).build());
                    AppConfig config = new AppConfig(table, base.invoicesTable(), base.invoiceQueueUrl(),
                            base.invoiceDlqUrl(), base.agentKeyKmsKeyId(), base.fingerprintPepperSecretId(),
                            base.outcomeEventBus(), base.szamlaAgentUrl());
                    String accountId = "org-cold-" + run + "-" + i;
                    String purchaseId = "P-cold-" + run + "-" + i;
                    IssuerFixtures.connect(stand.clients(), config, stand.simulator(), accountId, false);
                    Map<String, String> env = environment(stand, config);

                    String event = Files.readString(root.resolve(f.eventFile()), StandardCharsets.UTF_8)
                            .replace("org-42", accountId).replace("P-2026-000123", purchaseId);
                    Sample mine = measure(work, launcher, jars.get(f.key()), f.handler(), event, env, f.answerOk(),
                            f.module());
                    if (f.module().equals("invoice-issuer")) {
                        requireIssued(stand, config, accountId, purchaseId);
                    }
                    ours.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(mine);

                    Map<String, String> baselineEnv = new LinkedHashMap<>(env);
                    baselineEnv.put("TABLE_NAME", table);
                    Sample theirs = measure(work, launcher, baselineJar, BASELINE_HANDLER,
                            "{\"accountId\":\"" + accountId + "\"}", baselineEnv, "\"found\""::equals, "baseline");
                    baseline.add(theirs);
                    baselineBy.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(theirs);
                }
            }
            BenchResult result = new BenchResult().put("cold_runs", runs)
                    .put("cold_jvm_flags", String.join("_", LAMBDA_JVM_FLAGS))
                    .put("cold_java_version", Runtime.version().toString());
            for (Function f : FUNCTIONS) {
                figures(result, f.key(), ours.get(f.key()), jars.get(f.key()));
            }
            figures(result, "baseline", baseline, baselineJar);
            for (Function f : FUNCTIONS) {
                double ratio = median(ours.get(f.key()), Sample::totalNanos)
                        / median(baselineBy.get(f.key()), Sample::totalNanos);
                result.put("cold_ratio_" + f.key(), ratio, 2);
            }
            if (topPackages > 0) {
                for (Function f : FUNCTIONS) {
                    printTopPackages(f.key(), ours.get(f.key()).getFirst(), topPackages);
                }
                printTopPackages("baseline", baseline.getFirst(), topPackages);
            }
            return result;
        } finally {
            if (keep) {
                System.err.println("cold: child logs (-Xlog:class+load, stdout, stderr) kept in " + work);
            } else {
                deleteTree(work);
            }
        }
    }

    private static void figures(BenchResult result, String key, List<Sample> samples, Path jar) throws IOException {
        result.put("cold_" + key + "_init_ms", median(samples, Sample::initNanos) / 1e6, 1)
                .put("cold_" + key + "_first_invoke_ms", median(samples, Sample::invokeNanos) / 1e6, 1)
                .put("cold_" + key + "_loaded_classes", Math.round(median(samples, s -> s.loadedClasses())))
                .put("cold_" + key + "_jar_bytes", Files.size(jar))
                .put("cold_" + key + "_log4j_classes", Math.round(median(samples, s -> s.count("org.apache.logging.log4j"))))
                .put("cold_" + key + "_xml_validation_classes", Math.round(median(samples, s -> s.count("javax.xml.validation"))));
    }

    private static Map<String, String> environment(BenchStand stand, AppConfig config) {
        Map<String, String> env = new LinkedHashMap<>(stand.environment());
        env.putAll(config.toEnvironment());
        env.put("AWS_LAMBDA_LOG_LEVEL", "INFO");
        env.put("METRICS_NAMESPACE", "Autoinvoice");
        env.put("ISSUER_PER_ACCOUNT_CONCURRENCY", "4");
        env.put("PROBE_CONCURRENCY", "32");
        return env;
    }

    /** One fresh JVM: construct + one invoke; fails when the answer is not the expected success. */
    static Sample measure(Path work, Path launcherClasspath, Path jar, String handler, String event,
            Map<String, String> env, Predicate<String> answerOk, String label) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Path eventFile = work.resolve(id + "-event.json");
        Path classLog = work.resolve(id + "-classes.log");
        Path stdout = work.resolve(id + "-stdout.log");
        Path stderr = work.resolve(id + "-stderr.log");
        Files.writeString(eventFile, event, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LAMBDA_JVM_FLAGS);
        command.add("-Xlog:class+load=info:file=" + classLog);
        command.add("-cp");
        command.add(launcherClasspath.toString());
        command.add(ColdLauncher.class.getName());
        command.add(jar.toString());
        command.add(handler);
        command.add(eventFile.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process process = pb.start();
        if (!process.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(label + ": the child JVM did not finish in " + CHILD_TIMEOUT);
        }
        List<String> out = Files.readAllLines(stdout, StandardCharsets.UTF_8);
        String answer = out.stream().filter(l -> l.startsWith(ColdLauncher.RESPONSE)).findFirst()
                .map(l -> l.substring(ColdLauncher.RESPONSE.length()).trim()).orElse(null);
        String figures = out.stream().filter(l -> l.startsWith(ColdLauncher.RESULT)).findFirst().orElse(null);
        if (process.exitValue() != 0 || answer == null || figures == null || !answerOk.test(answer)) {
            throw new IllegalStateException(label + ": the cold invocation failed (exit " + process.exitValue()
                    + ", answer " + answer + "); stderr: " + tail(Files.readString(stderr)) + " stdout: " + tail(String.join("\n", out)));
        }
        Map<String, Long> values = new LinkedHashMap<>();
        for (String kv : figures.substring(ColdLauncher.RESULT.length()).trim().split(" ")) {
            String[] p = kv.split("=", 2);
            values.put(p[0], Long.parseLong(p[1]));
        }
        List<String> loaded;
        try (Stream<String> lines = Files.lines(classLog)) {
            loaded = lines.filter(l -> l.contains(" source: ")).toList();
        }
        Map<String, Integer> byPackage = new TreeMap<>();
        for (String line : loaded) {
            String name = line.substring(line.lastIndexOf("] ") + 2, line.indexOf(" source: "));
            String[] parts = name.split("\\.");
            String pkg = String.join(".", java.util.Arrays.copyOf(parts, Math.min(parts.length - 1, 4)));
            byPackage.merge(pkg, 1, Integer::sum);
        }
        return new Sample(values.get("init_ns"), values.get("invoke_ns"), loaded.size(), byPackage);
    }

    private static void requireIssued(BenchStand stand, AppConfig config, String accountId, String purchaseId) {
        LedgerEntry entry = new InvoiceLedger(stand.clients().dynamoDb(), config.invoicesTable())
                .find(accountId, purchaseId).orElseThrow(() -> new IllegalStateException(
                        "invoice-issuer: no ledger entry for the cold invocation's purchase"));
        if (entry.state() != LedgerState.ISSUED) {
            throw new IllegalStateException("invoice-issuer: the cold invocation's purchase is " + entry.state());
        }
    }

    /** The child's classpath: this launcher's class files (copied alone, so none of our code comes along), core, serialization. */
    private static Path launcherClasspath(Path work) throws IOException {
        Path classes = work.resolve("launcher");
        Path dir = classes.resolve(ColdLauncher.class.getPackageName().replace('.', '/'));
        Files.createDirectories(dir);
        for (String name : ColdLauncher.classFiles()) {
            try (InputStream in = ColdLauncher.classFile(name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        String separator = System.getProperty("path.separator");
        return Path.of(classes + separator + codeSource(Context.class) + separator
                + codeSource(LambdaEventSerializers.class));
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path jar(Path target, String prefix) throws IOException {
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                var found = files.filter(p -> p.getFileName().toString().startsWith(prefix)
                        && p.getFileName().toString().endsWith("-lambda.jar")).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw new IllegalStateException("no " + prefix + "*-lambda.jar in " + target + " (build with mvn package / make build)");
    }

    static double median(List<Sample> samples, java.util.function.ToLongFunction<Sample> value) {
        long[] sorted = samples.stream().mapToLong(value).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static void printTopPackages(String key, Sample sample, int n) {
        System.err.println("cold: " + key + " loaded " + sample.loadedClasses() + " classes; top packages:");
        sample.classesByPackage().entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())).limit(n)
                .forEach(e -> System.err.println("  " + e.getValue() + "\t" + e.getKey()));
    }

    private static String tail(String text) {
        return text.length() > 3000 ? "…" + text.substring(text.length() - 3000) : text;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
