package io.securelink.appliance.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.securelink.appliance.support.TestTimeouts;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Half-close over a real socket: the FIN never overtakes bytes that are still queued on the channel. */
class HalfCloseTest {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS).syncUninterruptibly();
    }

    @Test
    void bytesQueuedBehindTheFlushMarkerStillArriveBeforeTheFin() throws Exception {
        byte[] head = new byte[16 << 20];
        new Random(1).nextBytes(head);
        byte[] tail = "queued after the half-close began".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(64 * 1024);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.SO_SNDBUF, 64 * 1024)
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(server.getLocalSocketAddress()).syncUninterruptibly().channel();
            try (Socket peer = server.accept()) {
                peer.setSoTimeout((int) TestTimeouts.eventMillis());
                // The head is far more than the socket buffers hold, so the flush marker is still queued when
                // the tail is written behind it (as a TLS handler's own records can be).
                ch.eventLoop().submit(() -> {
                    ch.write(Unpooled.wrappedBuffer(head));
                    HalfClose.shutdownOutput(ch);
                    ch.write(Unpooled.wrappedBuffer(tail));
                }).syncUninterruptibly();
                byte[] got = readToEnd(peer.getInputStream());
                assertEquals(head.length + tail.length, got.length, "every byte before the FIN");
                assertArrayEquals(tail, Arrays.copyOfRange(got, head.length, got.length));
                assertArrayEquals(head, Arrays.copyOf(got, head.length));
            } finally {
                ch.close().syncUninterruptibly();
            }
        }
    }

    private static byte[] readToEnd(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
