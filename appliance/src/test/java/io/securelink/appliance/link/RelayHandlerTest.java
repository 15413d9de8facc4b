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
}
