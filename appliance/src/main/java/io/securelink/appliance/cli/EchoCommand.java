package io.securelink.appliance.cli;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.securelink.appliance.config.HostPort;
import io.securelink.appliance.link.RelayHandler;
import io.securelink.appliance.link.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * A plaintext echo service for commissioning a link end to end: put it behind a server-mode link's
 * {@code forward} (the lab config uses 127.0.0.1:9000) and whatever a client sends comes back.
 */
@Command(name = "echo", description = "Run a plaintext echo service (for commissioning and the lab).")
final class EchoCommand implements Callable<Integer> {
    @Option(names = "--listen", defaultValue = "127.0.0.1:9000", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String listen;

    @Override
    public Integer call() throws Exception {
        HostPort hp;
        try {
            hp = HostPort.parse(listen);
        } catch (IllegalArgumentException e) {
            System.err.println("error: --listen " + e.getMessage()); // was a stack trace
            return 2;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        try (Transport t = Transport.create(1)) {
            ServerBootstrap b = new ServerBootstrap().group(t.acceptors(), t.workers()).channel(t.serverChannel())
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            // The relay's own handler with the connection as its own peer: what it reads goes back,
                            // reading pauses while the client is behind, and the client's FIN is answered with
                            // everything read, then a FIN (HalfClose), exactly as a link carries them.
                            ch.pipeline().addLast(new RelayHandler(ch, n -> { }));
                        }
                    });
            Channel server;
            try {
                server = b.bind(new InetSocketAddress(InetAddress.getByName(hp.host()), hp.port())).sync().channel();
            } catch (Exception e) {
                String why = String.valueOf(e.getMessage());
                String what;
                if (why.contains("Address already in use")) {
                    what = "; another process holds it (`ss -ltnp 'sport = :" + hp.port() + "'` shows which): stop it or choose another --listen";
                } else if (why.contains("Cannot assign requested address")) {
                    what = ": this host has no address " + hp.host() + "; give --listen an address of this host (`ip -brief address`)";
                } else if (why.contains("Permission denied")) {
                    what = ": ports below 1024 need root or CAP_NET_BIND_SERVICE; give --listen a port above 1023";
                } else {
                    what = "";
                }
                System.err.println("error: echo cannot listen on " + hp + ": " + why + what);
                return 1;
            }
            System.out.println("echo listening on " + hp);
            System.out.flush();
            stop.await();
            server.close().sync();
        }
        return 0;
    }
}
