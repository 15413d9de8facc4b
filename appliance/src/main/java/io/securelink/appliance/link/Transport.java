package io.securelink.appliance.link;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The event loops and channel types of the data plane: Linux epoll where the native transport loads,
 * Java NIO otherwise. One acceptor thread and a fixed set of I/O threads serve every link; no thread
 * is ever created per connection.
 */
public final class Transport implements AutoCloseable {
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final boolean epoll;

    private Transport(EventLoopGroup acceptors, EventLoopGroup workers, boolean epoll) {
        this.acceptors = acceptors;
        this.workers = workers;
        this.epoll = epoll;
    }

    /** @param ioThreads I/O threads; 0 means one per available processor */
    public static Transport create(int ioThreads) {
        int n = ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
        boolean useEpoll = Epoll.isAvailable() && !Boolean.getBoolean("securelink.transport.nio");
        if (useEpoll) {
            return new Transport(new EpollEventLoopGroup(1, new DefaultThreadFactory("sl-accept", true)),
                    new EpollEventLoopGroup(n, new DefaultThreadFactory("sl-io", true)), true);
        }
        return new Transport(new NioEventLoopGroup(1, new DefaultThreadFactory("sl-accept", true)),
                new NioEventLoopGroup(n, new DefaultThreadFactory("sl-io", true)), false);
    }

    public EventLoopGroup acceptors() {
        return acceptors;
    }

    public EventLoopGroup workers() {
        return workers;
    }

    public Class<? extends ServerChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends Channel> channel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public boolean isEpoll() {
        return epoll;
    }

    public String describe() {
        return epoll ? "epoll" : "nio (" + (Epoll.isAvailable() ? "chosen by securelink.transport.nio" : Epoll.unavailabilityCause()) + ")";
    }

    @Override
    public void close() {
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
