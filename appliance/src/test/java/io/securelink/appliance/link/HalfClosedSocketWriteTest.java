package io.securelink.appliance.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.util.ReferenceCountUtil;
import io.securelink.appliance.support.TestTimeouts;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On the transport the daemon runs (epoll here), a socket whose peer has finished sending still carries
 * a long answer to the end, however long the answer has to wait for the reader: the case of a relay leg
 * after the client's FIN, while the backend's reply is still flowing. On stock Netty 4.2.18 epoll the socket
 * has left the epoll set by then and the first write that must wait ends the stream early with a FIN
 * ({@link ParkingEpollIoHandler}).
 */
class HalfClosedSocketWriteTest {
    private final Transport transport = Transport.create(1);

    @AfterEach
    void stop() {
        transport.close();
    }

    @Test
    void theTransportInUseIsEpoll() {
        assertEquals(Transport.Kind.EPOLL, transport.kind(), "this suite proves the epoll path: " + transport.describe());
    }

    @Test
    void anAnswerLongerThanTheSocketBuffersArrivesWholeAfterThePeersFin() throws Exception {
        byte[] answer = new byte[8 << 20];
        new Random(3).nextBytes(answer);
        CountDownLatch writeAttempted = new CountDownLatch(1);
        CompletableFuture<Throwable> writeOutcome = new CompletableFuture<>();
        Channel server = new ServerBootstrap()
                .group(transport.acceptors(), transport.workers())
                .channel(transport.serverChannel())
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.SO_SNDBUF, 64 * 1024)
                .childHandler(new AnswerAfterFin(answer, writeAttempted, writeOutcome))
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).syncUninterruptibly().channel();
        try (Socket client = new Socket()) {
            client.setReceiveBufferSize(64 * 1024);
            client.setSoTimeout((int) TestTimeouts.eventMillis());
            client.connect(server.localAddress(), (int) TestTimeouts.eventMillis());
            client.getOutputStream().write("question".getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();
            // Read only once the server has tried to send everything: the send buffer is full by then, so the
            // rest has to wait for EPOLLOUT on a socket whose input has ended.
            assertTrue(writeAttempted.await(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS), "server never wrote");
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            client.getInputStream().transferTo(got);
            assertEquals(answer.length, got.size(), "bytes before the end of stream");
            assertArrayEquals(answer, got.toByteArray());
            assertEquals(null, writeOutcome.get(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS), "the write succeeded");
        } finally {
            server.close().syncUninterruptibly();
        }
    }

    /** Reads the question; after the client's FIN stops reading (as relay backpressure does) and writes the answer. */
    private static final class AnswerAfterFin extends ChannelInboundHandlerAdapter {
        private final byte[] answer;
        private final CountDownLatch writeAttempted;
        private final CompletableFuture<Throwable> writeOutcome;

        AnswerAfterFin(byte[] answer, CountDownLatch writeAttempted, CompletableFuture<Throwable> writeOutcome) {
            this.answer = answer;
            this.writeAttempted = writeAttempted;
            this.writeOutcome = writeOutcome;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                ctx.channel().config().setAutoRead(false);
            } else if (evt instanceof ChannelInputShutdownReadComplete) {
                // After this event's handling the socket wants no event at all: nothing to read, nothing queued.
                ctx.channel().eventLoop().execute(() -> {
                    ChannelFuture f = ctx.writeAndFlush(Unpooled.wrappedBuffer(answer));
                    writeAttempted.countDown();
                    f.addListener(done -> {
                        writeOutcome.complete(done.cause());
                        ctx.close();
                    });
                });
            }
        }
    }
}
