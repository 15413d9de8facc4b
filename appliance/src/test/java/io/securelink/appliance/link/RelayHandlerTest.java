package io.securelink.appliance.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelOutputShutdownEvent;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The relay as a Netty handler: passes buffers on untouched, counts them, and applies backpressure. */
class RelayHandlerTest {

    @Test
    void passesTheSameBufferToThePeerAndCountsIt() {
        EmbeddedChannel peer = new EmbeddedChannel();
        AtomicLong counted = new AtomicLong();
        EmbeddedChannel side = new EmbeddedChannel(new RelayHandler(peer, counted::addAndGet));
        ByteBuf msg = Unpooled.copiedBuffer(new byte[] {1, 2, 3});
        side.writeInbound(msg);
        ByteBuf out = peer.readOutbound();
        assertSame(msg, out, "no copy on the relay path");
        assertEquals(3, counted.get());
        out.release();
    }

    @Test
    void stopsReadingWhileThePeerIsUnwritableAndResumesWhenItDrains() {
        EmbeddedChannel peer = new EmbeddedChannel();
        peer.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8, 16));
        EmbeddedChannel side = new EmbeddedChannel();
        side.pipeline().addLast(new RelayHandler(peer, n -> { }));
        peer.pipeline().addLast(new RelayHandler(side, n -> { }));
        // Queue more than the high-water mark on the peer without letting it flush.
        peer.pipeline().addFirst(new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(io.netty.channel.ChannelHandlerContext ctx) {
                // Hold everything: a slow reader on the other side.
            }
        });
        side.writeInbound(Unpooled.wrappedBuffer(new byte[32]));
        assertFalse(peer.isWritable());
        assertFalse(side.config().isAutoRead(), "reading paused while the peer is full");
        peer.pipeline().removeFirst();
        peer.flush();
        peer.runPendingTasks();
        assertTrue(peer.isWritable());
        assertTrue(side.config().isAutoRead(), "reading resumed once the peer drained");
        ByteBuf b;
        while ((b = peer.readOutbound()) != null) {
            b.release();
        }
    }

    /**
     * Netty shuts a channel's output by itself when a flush fails below the pipeline (as stock Netty 4.2.18
     * epoll did for a socket it had dropped from its epoll set): bytes were lost toward that side, so both
     * legs are reset, and neither peer is left believing it got a complete stream.
     */
    @Test
    void anOutputTheTransportShutByItselfResetsBothLegs() {
        EmbeddedChannel peer = new EmbeddedChannel();
        EmbeddedChannel side = new EmbeddedChannel(new RelayHandler(peer, n -> { }));
        side.pipeline().fireUserEventTriggered(ChannelOutputShutdownEvent.INSTANCE);
        assertFalse(peer.isOpen(), "the other leg is reset");
        assertFalse(side.isOpen(), "the leg that lost bytes is reset");
    }

    @Test
    void anOutputTheRelayEndedCleanlyIsNoAbort() {
        EmbeddedChannel peer = new EmbeddedChannel();
        EmbeddedChannel side = new EmbeddedChannel(new RelayHandler(peer, n -> { }));
        HalfClose.markOutputEndedByRelay(side);
        side.pipeline().fireUserEventTriggered(ChannelOutputShutdownEvent.INSTANCE);
        assertTrue(peer.isOpen());
        assertTrue(side.isOpen(), "the reverse direction keeps flowing");
    }

    @Test
    void closingOneSideClosesThePeerAfterFlushing() {
        EmbeddedChannel peer = new EmbeddedChannel();
        EmbeddedChannel side = new EmbeddedChannel(new RelayHandler(peer, n -> { }));
        side.writeInbound(Unpooled.wrappedBuffer(new byte[] {9}));
        side.close();
        ByteBuf last = peer.readOutbound();
        assertEquals(1, last.readableBytes());
        last.release();
        assertFalse(peer.isOpen());
    }

    /**
     * A side whose input has ended (FIN) is never asked to read again when the peer drains. On epoll that
     * read fails (the socket left the epoll set at end of input) and Netty then closes the side by itself,
     * cleanly: the bytes still flowing toward it were cut into a short stream that looked complete
     * (ChainedLinksTest echo under load). The stand-in transport fails a read after end of input the same way.
     */
    @Test
    void aSideWhoseInputEndedIsNotAskedToReadAgainWhenThePeerDrains() {
        EmbeddedChannel peer = new EmbeddedChannel();
        peer.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8, 16));
        HalfClosedChannel side = new HalfClosedChannel();
        side.pipeline().addLast(new RelayHandler(peer, n -> { }));
        peer.pipeline().addLast(new RelayHandler(side, n -> { }));
        peer.pipeline().addFirst(new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(io.netty.channel.ChannelHandlerContext ctx) {
                // Hold everything: a slow reader on the other side.
            }
        });
        side.writeInbound(Unpooled.wrappedBuffer(new byte[32]));
        assertFalse(side.config().isAutoRead(), "reading paused while the peer is full");
        side.inputShutdown = true; // the FIN arrived with that read
        peer.pipeline().removeFirst();
        peer.flush();
        peer.runPendingTasks();
        side.runPendingTasks();
        assertTrue(side.isOpen(), "the half-closed side stays open for what still flows toward it");
        assertTrue(peer.isWritable(), "the peer drained");
        assertFalse(side.config().isAutoRead(), "nothing left to read on a side whose input ended");
        ByteBuf b;
        while ((b = peer.readOutbound()) != null) {
            b.release();
        }
    }

    /** An embedded channel with TCP's half-close: a read requested after end of input fails, as on epoll. */
    private static final class HalfClosedChannel extends EmbeddedChannel implements io.netty.channel.socket.DuplexChannel {
        boolean inputShutdown;

        @Override
        protected void doBeginRead() throws Exception {
            if (inputShutdown) {
                throw new java.io.IOException("epoll_ctl(..) failed with error(-2): No such file or directory");
            }
            super.doBeginRead();
        }

        @Override
        public boolean isInputShutdown() {
            return inputShutdown;
        }

        @Override
        public io.netty.channel.ChannelFuture shutdownInput() {
            return shutdownInput(newPromise());
        }

        @Override
        public io.netty.channel.ChannelFuture shutdownInput(io.netty.channel.ChannelPromise promise) {
            inputShutdown = true;
            return promise.setSuccess();
        }

        @Override
        public boolean isOutputShutdown() {
            return false;
        }

        @Override
        public io.netty.channel.ChannelFuture shutdownOutput() {
            return shutdownOutput(newPromise());
        }

        @Override
        public io.netty.channel.ChannelFuture shutdownOutput(io.netty.channel.ChannelPromise promise) {
            return promise.setFailure(new UnsupportedOperationException("not needed here"));
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public io.netty.channel.ChannelFuture shutdown() {
            return shutdown(newPromise());
        }

        @Override
        public io.netty.channel.ChannelFuture shutdown(io.netty.channel.ChannelPromise promise) {
            return promise.setFailure(new UnsupportedOperationException("not needed here"));
        }
    }
}
