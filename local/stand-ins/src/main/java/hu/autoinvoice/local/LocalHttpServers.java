package hu.autoinvoice.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one way the local stand-ins (AWS JSON services, the Agent simulator) open a JDK {@link HttpServer}: on the
 * loopback address, with TCP_NODELAY. Without it every small reply waits for the client's delayed ACK (Nagle's
 * algorithm): ~10–40 ms a call that no real service adds. The JDK's server reads the setting once, when its first
 * server starts, so it is set here before any server exists; a value set by the user is kept. (The local API gateway
 * serves HTTP itself, local/runner's {@code HttpFront}, to answer the requests the JDK's server refuses with a page of
 * its own; it sets TCP_NODELAY per connection.)
 * <p>
 * The servers handle each request on a virtual thread ({@link #executor}), unless the system property
 * {@value #PLATFORM_THREADS} is {@code true} when a server starts: then on platform threads of their own. The
 * benchmarks set it (docs/PERFORMANCE.md, "End-to-end, restated"): the issuer runs its records on virtual threads,
 * and with the stand-ins off the virtual-thread carriers the carriers' CPU time is the issuer's alone.
 */
public final class LocalHttpServers {

    static {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** System property: {@code true} puts the stand-ins' request handlers on platform threads. */
    public static final String PLATFORM_THREADS = "autoinvoice.standins.platformThreads";

    private LocalHttpServers() {}

    /** Whether servers started now handle requests on platform threads ({@value #PLATFORM_THREADS}). */
    public static boolean platformThreads() {
        return Boolean.getBoolean(PLATFORM_THREADS);
    }

    /**
     * The executor for one server's requests: a virtual thread per request, or with {@value #PLATFORM_THREADS} a
     * cached pool of daemon platform threads named {@code stand-in-<name>-<n>}.
     */
    public static ExecutorService executor(String name) {
        return platformThreads()
                ? Executors.newCachedThreadPool(Thread.ofPlatform().name("stand-in-" + name + "-", 0).daemon().factory())
                : Executors.newVirtualThreadPerTaskExecutor();
    }

    /** A server on 127.0.0.1 (or ::1) at {@code port} (0 = any free port), not started. */
    public static HttpServer loopback(int port, int backlog) throws IOException {
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
    }
}
