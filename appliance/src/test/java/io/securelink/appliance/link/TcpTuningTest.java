package io.securelink.appliance.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.unix.Errors;
import io.securelink.appliance.config.Dscp;
import io.securelink.appliance.config.TcpOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The link's TCP settings land on a real epoll socket as the kernel reads them back; ETIMEDOUT, and only it, is a lost peer. */
class TcpTuningTest {
    private static final TcpOptions VOICE = new TcpOptions(
            Optional.of(new TcpOptions.Keepalive(Duration.ofSeconds(10), Duration.ofSeconds(3), 3)),
            Duration.ofSeconds(20), Optional.of(Dscp.parse("CS5")));

    @Test
    void voiceSettingsAreOnTheSocket() throws Exception {
        assumeTrue(Epoll.isAvailable(), "the epoll transport is what appliances run");
        try (Transport t = Transport.create(1); ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Channel ch = new Bootstrap().group(t.workers()).channel(t.channel()).handler(new ChannelInboundHandlerAdapter())
                    .connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort())).sync().channel();
            try {
                ch.eventLoop().submit(() -> TcpTuning.apply(ch, VOICE)).sync();
                var c = ch.config();
                assertTrue(c.getOption(ChannelOption.SO_KEEPALIVE));
                assertEquals(10, c.getOption(EpollChannelOption.TCP_KEEPIDLE));
                assertEquals(3, c.getOption(EpollChannelOption.TCP_KEEPINTVL));
                assertEquals(3, c.getOption(EpollChannelOption.TCP_KEEPCNT));
                assertEquals(19_000, c.getOption(EpollChannelOption.TCP_USER_TIMEOUT), "capped at the keep-alive budget");
                assertEquals(0xA0, c.getOption(ChannelOption.IP_TOS), "CS5 = 40 << 2");

                TcpOptions off = new TcpOptions(Optional.empty(), Duration.ZERO, Optional.empty());
                ch.eventLoop().submit(() -> TcpTuning.apply(ch, off)).sync();
                assertFalse(c.getOption(ChannelOption.SO_KEEPALIVE));
                assertEquals(0, c.getOption(EpollChannelOption.TCP_USER_TIMEOUT));
            } finally {
                ch.close().sync();
            }
        }
    }

    @Test
    void onlyATimedOutConnectionIsALostPeer() {
        assumeTrue(Epoll.isAvailable(), "native errno values come with the epoll transport");
        assertTrue(PeerLossWatch.isPeerLost(new Errors.NativeIoException("recvAddress(..)", -110)));
        assertTrue(PeerLossWatch.isPeerLost(new IOException("Connection timed out")));
        assertFalse(PeerLossWatch.isPeerLost(new Errors.NativeIoException("recvAddress(..)", -104)), "a reset is not silence");
        assertFalse(PeerLossWatch.isPeerLost(new IOException("Connection reset by peer")));
        assertFalse(PeerLossWatch.isPeerLost(new javax.net.ssl.SSLHandshakeException("handshake timed out")));
    }
}
