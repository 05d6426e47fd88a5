package com.monitorflow.webhooks.localstack.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An endpoint that accepts every connection and then never reads or answers, as a receiver
 * stuck behind a dead backend does. Each attempt to it lasts until the sender's timeout.
 */
final class HungEndpoint implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private HungEndpoint(ServerSocket server) {
        this.server = server;
        this.acceptor = Thread.ofVirtual().name("bench-hung-endpoint").start(this::acceptForever);
    }

    static HungEndpoint start() throws IOException {
        return new HungEndpoint(new ServerSocket(0, 1024, InetAddress.getLoopbackAddress()));
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    /** Connections accepted so far. */
    int connections() {
        return held.size();
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
        for (Socket socket : held) {
            socket.close();
        }
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try {
                held.add(server.accept());
            } catch (IOException closed) {
                return;
            }
        }
    }
}
