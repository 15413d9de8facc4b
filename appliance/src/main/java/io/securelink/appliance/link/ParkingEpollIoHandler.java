package io.securelink.appliance.link;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.concurrent.ThreadAwareExecutor;

/**
 * Netty's epoll I/O handler, except that a socket whose channel wants no event for the moment stays in
 * the epoll set ("parked", with an edge-triggered empty interest set) instead of being removed from it.
 *
 * <p>Why: Netty 4.2.18 to 4.2.20 remove a socket from the epoll set when its interest set becomes empty
 * (netty/netty#16689) but go on treating it as added, so the next interest it asks for is an
 * {@code EPOLL_CTL_MOD} that fails with ENOENT. A relay leg reaches an empty interest set routinely: its
 * peer has sent FIN (no more reading) and everything written so far has left (no EPOLLOUT). When the
 * other direction then fills the socket's send buffer, asking for EPOLLOUT fails, and Netty's write path
 * answers that failure by shutting the socket's output: the peer gets a clean FIN after a truncated
 * stream, which looks exactly like a complete answer. On a 999 call path that is silent data loss.
 *
 * <p>Contract: every interest set a channel submits reaches the kernel unchanged, except the empty one,
 * which becomes {@code EPOLLET} alone: the kernel then reports only an edge of EPOLLERR or EPOLLHUP (both
 * always reported), once, so a parked socket neither wakes the loop repeatedly (the problem #16689 set out
 * to fix) nor leaves the set. Everything else is the stock {@link EpollIoHandler}.
 */
final class ParkingEpollIoHandler implements IoHandler {
    private final IoHandler epoll;

    private ParkingEpollIoHandler(IoHandler epoll) {
        this.epoll = epoll;
    }

    /** A factory of epoll handlers that park sockets with nothing to wait for; call only where epoll loads. */
    static IoHandlerFactory newFactory() {
        IoHandlerFactory stock = EpollIoHandler.newFactory();
        return new IoHandlerFactory() {
            @Override
            public IoHandler newHandler(ThreadAwareExecutor executor) {
                return new ParkingEpollIoHandler(stock.newHandler(executor));
            }

            @Override
            public boolean isChangingThreadSupported() {
                return stock.isChangingThreadSupported();
            }
        };
    }

    /** The interest set to hand to the kernel for {@code ops}: itself, or the parked set when empty. */
    static IoOps parkedIfEmpty(IoOps ops) {
        return ops instanceof EpollIoOps e && e.value() == 0 ? EpollIoOps.EPOLLET : ops;
    }

    @Override
    public void initialize() {
        epoll.initialize();
    }

    @Override
    public int run(IoHandlerContext context) {
        return epoll.run(context);
    }

    @Override
    public void prepareToDestroy() {
        epoll.prepareToDestroy();
    }

    @Override
    public void destroy() {
        epoll.destroy();
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
        return new Parking(epoll.register(handle));
    }

    @Override
    public void wakeup() {
        epoll.wakeup();
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return epoll.isCompatible(handleType);
    }

    /** One socket's registration; only {@link #submit} differs from the stock one. */
    private record Parking(IoRegistration stock) implements IoRegistration {
        @Override
        public <T> T attachment() {
            return stock.attachment();
        }

        @Override
        public long submit(IoOps ops) {
            return stock.submit(parkedIfEmpty(ops));
        }

        @Override
        public boolean isValid() {
            return stock.isValid();
        }

        @Override
        public boolean cancel() {
            return stock.cancel();
        }
    }
}
