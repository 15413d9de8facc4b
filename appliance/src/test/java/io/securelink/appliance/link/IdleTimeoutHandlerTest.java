package io.securelink.appliance.link;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The idle timeout as a Netty handler, on the embedded channel's frozen clock. */
class IdleTimeoutHandlerTest {

    private static EmbeddedChannel channel(long idleMillis) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast(new IdleTimeoutHandler(idleMillis));
        return ch;
    }

    private static void advance(EmbeddedChannel ch, long millis) {
        ch.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        ch.runPendingTasks();
        ch.runScheduledPendingTasks();
    }

    @Test
    void closesAConnectionOnWhichNothingHappensForTheIdleTimeout() {
        EmbeddedChannel ch = channel(1000);
        advance(ch, 999);
        assertTrue(ch.isOpen(), "not idle yet");
        advance(ch, 1);
        assertFalse(ch.isOpen(), "idle for the whole timeout");
    }

    @Test
    void aReadBatchRestartsTheIdleTime() {
        EmbeddedChannel ch = channel(1000);
        advance(ch, 800);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {1}));
        ((ByteBuf) ch.readInbound()).release();
        advance(ch, 800);
        assertTrue(ch.isOpen(), "the read 800 ms ago restarted the timer");
        advance(ch, 200);
        assertFalse(ch.isOpen());
    }

    @Test
    void aWriteRestartsTheIdleTimeAndKeepsTheVoidPromise() {
        EmbeddedChannel ch = channel(1000);
        advance(ch, 800);
        ByteBuf msg = Unpooled.wrappedBuffer(new byte[] {1});
        ch.writeAndFlush(msg, ch.voidPromise());
        ByteBuf out = ch.readOutbound();
        assertSame(msg, out, "the record passes unchanged");
        out.release();
        advance(ch, 800);
        assertTrue(ch.isOpen(), "the write 800 ms ago restarted the timer");
        advance(ch, 200);
        assertFalse(ch.isOpen());
    }

    @Test
    void aClosedConnectionLeavesNoTimerBehind() {
        EmbeddedChannel ch = channel(1000);
        ch.close();
        advance(ch, 5000);
        assertFalse(ch.isOpen());
        assertTrue(ch.runScheduledPendingTasks() < 0, "the timer was cancelled with the connection");
    }
}
