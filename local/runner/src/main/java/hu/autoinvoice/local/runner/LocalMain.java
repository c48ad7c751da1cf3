package hu.autoinvoice.local.runner;

import hu.autoinvoice.local.aws.ProjectRoot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Entry point of {@code make run}: starts the local stand-ins (see {@link LocalRunner#COMPONENTS}) on their fixed
 * loopback ports and prints every endpoint and resource; then runs the main job ({@link DemoJob}: a demo organiser
 * connected through the connect API, the sample purchases issued through the real handler, a table of the results);
 * then prints {@code READY} — everything stays up until Ctrl-C, when a shutdown hook stops everything, child
 * processes included. {@code READY} always comes after the demo's table (with {@code --no-demo}, right after start).
 *
 * <p>Options besides {@link RunnerOptions}: {@code --real} calls the real Számlázz.hu instead of the simulator, with
 * the Agent key from the environment variable {@value RealAgentComponent#KEY_VARIABLE} — it issues REAL invoices (use
 * a test account); {@code --no-demo} skips the demo.
 */
public final class LocalMain {
    private LocalMain() {}

    static final String USAGE = RunnerOptions.USAGE + """

              --real             call the REAL Számlázz.hu (not the simulator) with the Agent key in $%s;
                                 the demo then issues REAL invoices on that account: use a test account
              --no-demo          start and serve only (no demo organiser, no sample purchases)"""
            .formatted(RealAgentComponent.KEY_VARIABLE);

    public static void main(String[] args) throws Exception {
        boolean real = false;
        boolean demo = true;
        List<String> rest = new ArrayList<>();
        for (String arg : args) {
            switch (arg) {
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                case "--real" -> real = true;
                case "--no-demo" -> demo = false;
                default -> rest.add(arg);
            }
        }
        RunnerOptions options;
        try {
            options = RunnerOptions.parse(rest.toArray(String[]::new), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage().replace(RunnerOptions.USAGE, USAGE));
            System.exit(2);
            return;
        }
        Optional<String> realKey = Optional.ofNullable(System.getenv(RealAgentComponent.KEY_VARIABLE))
                .map(String::strip).filter(k -> !k.isEmpty());
        if (real && realKey.isEmpty()) {
            System.err.println("--real needs the Számla Agent key in the environment variable "
                    + RealAgentComponent.KEY_VARIABLE + " (never in a file): "
                    + "SZAMLAZZ_AGENT_KEY=... make run ARGS=--real");
            System.exit(2);
            return;
        }
        if (real) {
            System.out.println("*** --real: calls go to the REAL Számlázz.hu; the demo issues REAL invoices on the key's account. ***");
        }
        LocalRunner runner;
        try {
            runner = LocalRunner.start(options, real, System.out);
        } catch (Exception e) {
            System.err.println("Autoinvoice could not start locally: " + e.getMessage());
            System.err.println("(Ports in use? Override them, see `make run ARGS=--help`.)");
            System.exit(1);
            return;
        }
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                System.out.println("Stopping...");
                runner.close();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "autoinvoice-local-shutdown"));
        // Ctrl-C (INT) or a kill (TERM) is how `make run` is meant to end: stop everything, say so, exit 0
        for (String name : List.of("INT", "TERM")) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                stop.run();
                System.out.println("Autoinvoice stopped (SIG" + signal.getName() + "). Bye.");
                System.out.flush();
                System.exit(0);
            });
        }
        if (demo) {
            Path messages = ProjectRoot.find().orElse(Path.of("")).resolve("events/messages");
            try {
                new DemoJob(runner, messages, real ? realKey : Optional.empty(), System.out).run(DemoJob.DEFAULT_WAIT);
            } catch (Exception e) {
                System.err.println("The demo failed (everything keeps running): " + e.getMessage());
            }
        }
        System.out.println("Ctrl-C stops everything.");
        System.out.println("READY");
        System.out.flush();
        runner.awaitStop();
    }
}
