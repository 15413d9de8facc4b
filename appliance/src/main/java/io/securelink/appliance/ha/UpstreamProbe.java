package io.securelink.appliance.ha;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.securelink.appliance.config.HostPort;
import io.securelink.appliance.link.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Whether an upstream accepts a TCP connection right now: connect, then close at once (no TLS, no data),
 * on the data plane's event loops so many probes cost no threads. The far end sees a connect and a close.
 */
final class UpstreamProbe {
    private final Transport transport;

    UpstreamProbe(Transport transport) {
        this.transport = transport;
    }

    /** Completes with null when {@code target} accepted within {@code timeout}, else with why not. */
    CompletableFuture<String> probe(HostPort target, Duration timeout) {
        CompletableFuture<String> out = new CompletableFuture<>();
        InetSocketAddress addr;
        try {
            addr = new InetSocketAddress(InetAddress.getByName(target.host()), target.port());
        } catch (java.net.UnknownHostException e) {
            out.complete("cannot resolve " + target.host());
            return out;
        }
        ChannelFuture f = new Bootstrap()
                .group(transport.workers())
                .channel(transport.channel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .handler(new ChannelInboundHandlerAdapter())
                .connect(addr);
        f.addListener(done -> {
            if (done.isSuccess()) {
                f.channel().close();
                out.complete(null);
            } else {
                out.complete(String.valueOf(done.cause().getMessage()));
            }
        });
        return out;
    }
}
