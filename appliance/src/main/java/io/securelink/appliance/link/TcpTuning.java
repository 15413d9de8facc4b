package io.securelink.appliance.link;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.securelink.appliance.config.TcpOptions;
import jdk.net.ExtendedSocketOptions;

/**
 * Puts a link's {@link TcpOptions} on one connected socket, the TLS leg or the plaintext leg alike:
 * SO_KEEPALIVE with TCP_KEEPIDLE/KEEPINTVL/KEEPCNT, TCP_USER_TIMEOUT, and the DSCP in IP_TOS (Netty's
 * epoll transport sets IPV6_TCLASS as well on an IPv6 socket). On the NIO fallback the JDK's extended
 * options carry keep-alive; TCP_USER_TIMEOUT exists only on epoll.
 */
public final class TcpTuning {
    private TcpTuning() {
    }

    /** Applies {@code o} to {@code ch}; safe to call from the channel's event loop or before it is registered. */
    public static void apply(Channel ch, TcpOptions o) {
        var cfg = ch.config();
        o.dscp().ifPresent(d -> cfg.setOption(ChannelOption.IP_TOS, d.trafficClass()));
        if (o.keepalive().isEmpty()) {
            cfg.setOption(ChannelOption.SO_KEEPALIVE, false);
        } else {
            TcpOptions.Keepalive k = o.keepalive().get();
            cfg.setOption(ChannelOption.SO_KEEPALIVE, true);
            if (ch instanceof EpollSocketChannel) {
                cfg.setOption(EpollChannelOption.TCP_KEEPIDLE, (int) k.idle().toSeconds());
                cfg.setOption(EpollChannelOption.TCP_KEEPINTVL, (int) k.interval().toSeconds());
                cfg.setOption(EpollChannelOption.TCP_KEEPCNT, k.count());
            } else {
                cfg.setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), (int) k.idle().toSeconds());
                cfg.setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), (int) k.interval().toSeconds());
                cfg.setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), k.count());
            }
        }
        if (ch instanceof EpollSocketChannel) {
            cfg.setOption(EpollChannelOption.TCP_USER_TIMEOUT, (int) o.effectiveUserTimeout().toMillis());
        }
    }
}
