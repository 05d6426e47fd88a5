package com.monitorflow.webhooks.dispatch.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A misbehaving endpoint on a raw socket: each accepted connection is handed to a behaviour that
 * may never answer, answer half, or answer a byte at a time.
 */
final class RawEndpoint implements AutoCloseable {

    interface Behaviour {
        void serve(InputStream in, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    RawEndpoint(Behaviour behaviour) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    sockets.add(socket);
                    Thread.ofVirtual().start(() -> {
                        try (socket) {
                            behaviour.serve(socket.getInputStream(), socket.getOutputStream());
                        } catch (IOException | InterruptedException e) {
                            // The client gave up, which is what these endpoints are for.
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/hook";
    }

    /** Accepts, reads the request and never answers. */
    static Behaviour silent() {
        return (in, out) -> {
            in.readNBytes(1);
            TimeUnit.SECONDS.sleep(60);
        };
    }

    /** Answers 200 with a body length but never sends the body. */
    static Behaviour headersWithoutBody() {
        return (in, out) -> {
            in.readNBytes(1);
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nContent-Type: text/plain\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            TimeUnit.SECONDS.sleep(60);
        };
    }

    /** Answers 200, one byte a second. */
    static Behaviour drip() {
        return (in, out) -> {
            in.readNBytes(1);
            byte[] answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
            for (byte b : answer) {
                out.write(b);
                out.flush();
                TimeUnit.SECONDS.sleep(1);
            }
        };
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
