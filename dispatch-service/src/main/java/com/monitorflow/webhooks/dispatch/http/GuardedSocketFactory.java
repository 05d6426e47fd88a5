package com.monitorflow.webhooks.dispatch.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;

import javax.net.SocketFactory;

/**
 * Makes sockets that check the address they are about to connect to against the
 * {@link EndpointPolicy}. The check sits at connect time, below DNS, so it covers every address
 * actually dialled: each answer of a DNS name (even one whose answer changed since the webhook was
 * registered) and IP literals, for which the HTTP client never consults DNS. TLS is layered on top
 * of these sockets, so HTTPS is covered too.
 */
final class GuardedSocketFactory extends SocketFactory {

    private final EndpointPolicy policy;

    GuardedSocketFactory(EndpointPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Socket createSocket() {
        return new GuardedSocket(policy);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port));
    }

    private Socket connected(InetSocketAddress address) throws IOException {
        Socket socket = createSocket();
        socket.connect(address);
        return socket;
    }

    private static final class GuardedSocket extends Socket {

        private final EndpointPolicy policy;

        GuardedSocket(EndpointPolicy policy) {
            this.policy = policy;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (endpoint instanceof InetSocketAddress inet) {
                InetAddress address = inet.getAddress();
                if (address == null) {
                    throw new UnknownHostException("Could not resolve " + inet.getHostString());
                }
                var reason = policy.reasonToRefuse(address);
                if (reason.isPresent()) {
                    throw new ForbiddenAddressException("Refused to connect to " + address.getHostAddress()
                            + ": it is " + reason.get());
                }
            }
            super.connect(endpoint, timeout);
        }
    }
}
