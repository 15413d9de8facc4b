package io.securelink.appliance.link;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The event loops and channel types of the data plane. One acceptor thread and a fixed set of I/O
 * threads serve every link; no thread is ever created per connection.
 *
 * <p>Which kernel interface carries the sockets is chosen once per process: epoll where the native
 * transport loads, Java NIO otherwise. io_uring (fewest system calls per request) is used only when asked
 * for with {@code -Dsecurelink.transport=io_uring}: the systemd unit's system-call filter refuses it, it
 * brought no CPU gain the benchmark could resolve, and on Netty 4.2.18 a TCP reset from a backend did not
 * reach the relay as an error on io_uring (the abort was not passed on), so the tested default is the
 * one the unit runs. {@code -Dsecurelink.transport=io_uring|epoll|nio} asks for one; if it cannot load,
 * the next in the order io_uring, epoll, NIO is used and {@link #describe()} says why
 * ({@code -Dsecurelink.transport.nio=true} is the older spelling of {@code nio}). On epoll, a socket with
 * nothing to wait for stays in the epoll set ({@link ParkingEpollIoHandler}: Netty 4.2.18 would drop it and
 * then turn the next write that must wait into a truncated stream).
 */
public final class Transport implements AutoCloseable {
    /** The kernel interfaces, best first. */
    public enum Kind {
        IO_URING("io_uring"), EPOLL("epoll"), NIO("nio");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What {@link #choose()} picked, and why when it is not the first choice. */
    public record Choice(Kind kind, String reason) {
        public String describe() {
            return reason.isEmpty() ? kind.label() : kind.label() + " (" + reason + ")";
        }
    }

    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final Choice choice;

    private Transport(Choice choice, int ioThreads) {
        this.choice = choice;
        this.acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("sl-accept", true), ioHandler(choice.kind()));
        this.workers = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("sl-io", true), ioHandler(choice.kind()));
    }

    /** @param ioThreads I/O threads; 0 means one per available processor */
    public static Transport create(int ioThreads) {
        int n = ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
        return new Transport(choose(), n);
    }

    /** The transport this process uses (or would use): the requested one if it loads, else the best that does. */
    public static Choice choose() {
        String asked = System.getProperty("securelink.transport", "");
        if (asked.isBlank() && Boolean.getBoolean("securelink.transport.nio")) {
            asked = "nio";
        }
        asked = asked.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        Kind wanted = switch (asked) {
            case "", "auto" -> Kind.EPOLL;
            case "io_uring", "iouring", "uring" -> Kind.IO_URING;
            case "epoll" -> Kind.EPOLL;
            case "nio" -> Kind.NIO;
            default -> null;
        };
        StringBuilder why = new StringBuilder();
        if (wanted == null) {
            why.append("securelink.transport=").append(asked).append(" is not io_uring, epoll or nio; ");
            wanted = Kind.EPOLL;
        } else if (!asked.isEmpty() && !asked.equals("auto")) {
            why.append("chosen by securelink.transport; ");
        }
        if (wanted == Kind.IO_URING) {
            if (IoUring.isAvailable()) {
                return new Choice(Kind.IO_URING, trim(why));
            }
            why.append("io_uring unavailable: ").append(cause(IoUring.unavailabilityCause())).append("; ");
            wanted = Kind.EPOLL;
        }
        if (wanted == Kind.EPOLL) {
            if (Epoll.isAvailable()) {
                return new Choice(Kind.EPOLL, trim(why));
            }
            why.append("epoll unavailable: ").append(cause(Epoll.unavailabilityCause())).append("; ");
        }
        return new Choice(Kind.NIO, trim(why));
    }

    private static String trim(StringBuilder why) {
        String s = why.toString();
        return s.endsWith("; ") ? s.substring(0, s.length() - 2) : s;
    }

    private static String cause(Throwable t) {
        return t == null ? "unknown" : t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static IoHandlerFactory ioHandler(Kind kind) {
        return switch (kind) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> ParkingEpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
    }

    public EventLoopGroup acceptors() {
        return acceptors;
    }

    public EventLoopGroup workers() {
        return workers;
    }

    public Kind kind() {
        return choice.kind();
    }

    public Class<? extends ServerChannel> serverChannel() {
        return switch (choice.kind()) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    public Class<? extends Channel> channel() {
        return switch (choice.kind()) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    /** A Linux native transport (io_uring or epoll): socket options such as IP_FREEBIND and raw ones can be set. */
    public boolean isNative() {
        return choice.kind() != Kind.NIO;
    }

    public String describe() {
        return choice.describe();
    }

    @Override
    public void close() {
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
