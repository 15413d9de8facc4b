package io.securelink.appliance.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The accept loop the plaintext test backends share: a server socket on loopback, one daemon thread per
 * accepted connection running the backend's handler (which owns and closes the socket), and a count of
 * the connections accepted.
 */
public final class LoopbackSocketServer implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final String name;
    private final Consumer<Socket> handler;

    public LoopbackSocketServer(String name, int backlog, Consumer<Socket> handler) throws IOException {
        this.name = name;
        this.handler = handler;
        server = new ServerSocket(0, backlog, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, name);
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public int accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                Thread t = new Thread(() -> handler.accept(s), name + "-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
