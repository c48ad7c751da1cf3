package hu.autoinvoice.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The one way the local stand-ins (AWS JSON services, the Agent simulator) open a JDK {@link HttpServer}: on the
 * loopback address, with TCP_NODELAY. Without it every small reply waits for the client's delayed ACK (Nagle's
 * algorithm): ~10–40 ms a call that no real service adds. The JDK's server reads the setting once, when its first
 * server starts, so it is set here before any server exists; a value set by the user is kept. (The local API gateway
 * serves HTTP itself, local/runner's {@code HttpFront}, to answer the requests the JDK's server refuses with a page of
 * its own; it sets TCP_NODELAY per connection.)
 */
public final class LocalHttpServers {

    static {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private LocalHttpServers() {}

    /** A server on 127.0.0.1 (or ::1) at {@code port} (0 = any free port), not started. */
    public static HttpServer loopback(int port, int backlog) throws IOException {
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
    }
}
