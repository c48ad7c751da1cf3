package hu.autoinvoice.local.aws;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the Node.js tools the stand-ins run as child processes: {@code node} on the PATH (or system property
 * {@code autoinvoice.node}) and dynalite under {@code <repo>/local/node/node_modules}, installed by
 * {@code make node-tools} ({@code npm ci} with the pinned lockfile).
 */
public final class NodeTools {

    /** Whether dynalite can be started here, and if not, why. */
    public sealed interface Availability {
        /** Everything is in place. */
        record Available(Path node, Path dynaliteCli, Path guard) implements Availability {}

        /** Something is missing; {@code reason} says what and how to fix it. */
        record Missing(String reason) implements Availability {}
    }

    private NodeTools() {}

    /** Looks for node and dynalite; never throws. */
    public static Availability dynalite() {
        Optional<Path> root = ProjectRoot.find();
        if (root.isEmpty()) {
            return new Availability.Missing("Cannot find the Autoinvoice checkout (set -Dautoinvoice.root=<repo>), so not dynalite either");
        }
        Path nodeDir = root.get().resolve("local/node");
        Path cli = nodeDir.resolve("node_modules/dynalite/cli.js");
        if (!Files.isRegularFile(cli)) {
            return new Availability.Missing("dynalite (the DynamoDB stand-in) is not installed at " + cli
                    + ": run `make node-tools` or `cd local/node && npm ci`");
        }
        Path guard = nodeDir.resolve("dynalite-guard.cjs");
        if (!Files.isRegularFile(guard)) {
            return new Availability.Missing(guard + " is missing (restore it from git): without it dynalite outlives the"
                    + " JVM and exits when a client goes away mid-request");
        }
        Optional<Path> node = node();
        if (node.isEmpty()) {
            return new Availability.Missing("Node.js 20+ is not on the PATH; dynalite (the DynamoDB stand-in) needs it");
        }
        return new Availability.Available(node.get(), cli, guard);
    }

    static Optional<Path> node() {
        String configured = System.getProperty("autoinvoice.node");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            for (String name : new String[] {"node", "node.exe"}) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
