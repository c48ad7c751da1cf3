package hu.autoinvoice.local.aws;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DynamoDB stand-in: dynalite 4.0.0 (in-memory) as a Node child process on 127.0.0.1. It supports the single-item
 * conditional writes, queries (also on GSIs) and scans the project uses; it has no transactions, no TTL and no
 * PartiQL. The process is stopped by {@link #close()}, by a JVM shutdown hook, and (through
 * {@code local/node/dynalite-guard.cjs}) when the JVM dies without running hooks; the same guard keeps it up when a
 * client goes away mid-request, which dynalite alone does not survive. If it exits while nobody stopped it
 * (killed from outside, crashed), that is logged at ERROR at once with its pid, exit code and last output: otherwise a
 * test run would only show "connection refused" in every test after it.
 */
final class Dynalite implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dynalite.class);
    private static final String READY_LINE = "Dynalite listening at";
    private static final long START_TIMEOUT_SECONDS = 30;

    private final Process process;
    private final int port;
    private final Thread shutdownHook;
    /** Set before we stop the process: an exit after it is expected, one before it is reported. */
    private final AtomicBoolean stopping;

    private Dynalite(Process process, int port, AtomicBoolean stopping) {
        this.process = process;
        this.port = port;
        this.stopping = stopping;
        this.shutdownHook = new Thread(this::stopProcess, "dynalite-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts dynalite on {@code port}, or on a free port when 0 (dynalite's own {@code --port 0} does not work).
     *
     * @throws IllegalStateException when node or dynalite is missing, or dynalite does not come up
     */
    static Dynalite start(int port) throws IOException {
        NodeTools.Availability.Available tools = switch (NodeTools.dynalite()) {
            case NodeTools.Availability.Available available -> available;
            case NodeTools.Availability.Missing missing -> throw new IllegalStateException(missing.reason());
        };
        int attempts = port == 0 ? 3 : 1;
        IllegalStateException failure = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            int chosen = port == 0 ? freePort() : port;
            try {
                return launch(tools, chosen);
            } catch (IllegalStateException e) {
                failure = e; // most likely someone took the port between our check and dynalite's bind: try another
            }
        }
        throw failure;
    }

    private static Dynalite launch(NodeTools.Availability.Available tools, int port) throws IOException {
        List<String> command = List.of(tools.node().toString(), "--require", tools.guard().toString(),
                tools.dynaliteCli().toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Deque<String> lastLines = new ArrayDeque<>();
        AtomicBoolean stopping = new AtomicBoolean();
        Thread reader = new Thread(() -> pump(process, port, ready, lastLines, stopping), "dynalite-output");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.debug("dynalite (pid {}) listening on 127.0.0.1:{}", process.pid(), port);
            return new Dynalite(process, port, stopping);
        } catch (ExecutionException | TimeoutException e) {
            destroy(process);
            String output;
            synchronized (lastLines) {
                output = String.join("\n", lastLines);
            }
            throw new IllegalStateException("dynalite did not start on 127.0.0.1:" + port + ": "
                    + (e instanceof TimeoutException ? "no '" + READY_LINE + "' line within " + START_TIMEOUT_SECONDS + " s" : "it exited")
                    + (output.isEmpty() ? "" : "; its output:\n" + output));
        } catch (InterruptedException e) {
            destroy(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting dynalite", e);
        }
    }

    private static void pump(Process process, int port, CompletableFuture<Void> ready, Deque<String> lastLines,
            AtomicBoolean stopping) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.contains(READY_LINE)) {
                    ready.complete(null);
                    continue;
                }
                if (ready.isDone()) {
                    LOG.debug("dynalite: {}", line);
                }
                synchronized (lastLines) {
                    lastLines.addLast(line);
                    if (lastLines.size() > 20) {
                        lastLines.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the process went away; fall through
        }
        boolean wasRunning = ready.isDone() && !ready.isCompletedExceptionally();
        ready.completeExceptionally(new IllegalStateException("dynalite exited"));
        if (wasRunning && !stopping.get()) {
            // nobody stopped it: every DynamoDB call of this JVM is refused from now on — say so, and why if it said
            String output;
            synchronized (lastLines) {
                output = String.join("\n", lastLines);
            }
            LOG.error("dynalite (pid {}, 127.0.0.1:{}) exited unexpectedly ({}); DynamoDB calls are refused from now on{}",
                    process.pid(), port, exitCode(process), output.isEmpty() ? "" : "; its last output:\n" + output);
        }
    }

    private static String exitCode(Process process) {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? "exit code " + process.exitValue() : "still shutting down";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "exit code unknown";
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The child's process id (tests check it is gone after {@link #close()}). */
    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook runs (or ran) anyway
        }
    }

    private void stopProcess() {
        stopping.set(true);
        destroy(process);
    }

    private static void destroy(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
