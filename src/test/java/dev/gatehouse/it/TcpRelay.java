package dev.gatehouse.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP relay in front of PostgreSQL that a test can cut (every connection dropped, new
 * ones refused) and restore on the same port: a database outage without touching the database.
 */
final class TcpRelay implements AutoCloseable {

    private final int targetPort;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final AtomicInteger peak = new AtomicInteger();
    private volatile ServerSocket listener;

    /** Listens on a free loopback port and relays to {@code 127.0.0.1:targetPort}. */
    TcpRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = bind(0);
        this.port = listener.getLocalPort();
        acceptLoop(listener);
    }

    /** The port clients connect to. */
    int port() {
        return port;
    }

    /** Client connections open now. */
    int connections() {
        return clients.size();
    }

    /** The most client connections open at once since the last call; restarts the count from now. */
    int takePeak() {
        return peak.getAndSet(clients.size());
    }

    /** Drops every relayed connection and stops listening. */
    synchronized void cut() throws IOException {
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
        clients.clear();
    }

    /** Listens again on the same port. */
    synchronized void restore() throws IOException {
        listener = bind(port);
        acceptLoop(listener);
    }

    /** Same as {@link #cut()}: every connection dropped and the port released. */
    @Override
    public void close() throws IOException {
        cut();
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    private void acceptLoop(ServerSocket server) {
        Thread accept = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    if (!relay(server, client, upstream)) {
                        client.close();
                        upstream.close();
                        return;
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }, "relay-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /**
     * Starts relaying an accepted pair unless a cut closed the listener meanwhile: a connection
     * accepted just before the cut must not outlive it.
     */
    private synchronized boolean relay(ServerSocket server, Socket client, Socket upstream) {
        if (server.isClosed()) {
            return false;
        }
        open.add(client);
        open.add(upstream);
        clients.add(client);
        peak.accumulateAndGet(clients.size(), Math::max);
        pipe(client, upstream);
        pipe(upstream, client);
        return true;
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // a cut or a closed peer ends the pipe
            } finally {
                clients.remove(from);
                clients.remove(to);
                try {
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "relay-pipe");
        thread.setDaemon(true);
        thread.start();
    }
}
