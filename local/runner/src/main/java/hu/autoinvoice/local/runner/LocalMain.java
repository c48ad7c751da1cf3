package hu.autoinvoice.local.runner;

/**
 * Entry point of {@code make run}: starts the local stand-ins (see {@link LocalRunner#COMPONENTS}) on their fixed
 * loopback ports, prints every endpoint and resource, prints {@code READY}, and runs until Ctrl-C, when a shutdown
 * hook stops everything, child processes included. Options: {@link RunnerOptions}.
 */
public final class LocalMain {
    private LocalMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.println(RunnerOptions.USAGE);
            return;
        }
        RunnerOptions options;
        try {
            options = RunnerOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LocalRunner runner;
        try {
            runner = LocalRunner.start(options, System.out);
        } catch (Exception e) {
            System.err.println("Autoinvoice could not start locally: " + e.getMessage());
            System.err.println("(Ports in use? Override them, see `make run ARGS=--help`.)");
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping...");
            runner.close();
        }, "autoinvoice-local-shutdown"));
        System.out.println("Ctrl-C stops everything.");
        System.out.println("READY");
        System.out.flush();
        runner.awaitStop();
    }
}
