package io.securelink.appliance.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.securelink.appliance.config.ConfigLoader;
import io.securelink.appliance.config.LinkConfig;
import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.support.CollectingEventSink;
import io.securelink.appliance.support.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LegEndWatch}, the one watch handler of a leg: a peer that vanished (ETIMEDOUT from keep-alive or the user
 * timeout) is noted on the close line as {@code LEG-lost} and reported as exactly one {@code peer-lost} event naming
 * the leg and the peer; a reset is noted as {@code LEG-reset} and is no peer-lost; a watch told that a
 * {@link PeerLossWatch} handler reports for its leg reports nothing itself. Every exception goes on unchanged.
 */
class LegEndWatchTest {
    @TempDir
    Path dir;

    private final CollectingEventSink events = new CollectingEventSink();

    @Test
    void aVanishedPeerIsNotedOnTheCloseLineAndReportedOnceAsPeerLost() throws Exception {
        Connection conn = connection();
        AtomicInteger passedOn = new AtomicInteger();
        EmbeddedChannel ch = channel(new LegEndWatch(conn, "backend", "plaintext"), passedOn);
        // As the JDK words ETIMEDOUT (the epoll transport's NativeIoException carries errno -110; both are recognised).
        ch.pipeline().fireExceptionCaught(new IOException("recvAddress(..) failed: Connection timed out"));
        // A failed flush fails every write still queued on the leg with the same cause: each arrives as an exception.
        ch.pipeline().fireExceptionCaught(new IOException("writevAddresses(..) failed: Connection timed out"));
        ch.pipeline().fireExceptionCaught(new IOException("writevAddresses(..) failed: Connection timed out"));

        assertEquals("backend-lost", conn.trace().closedBy());
        List<Event> lost = events.of(EventType.PEER_LOST);
        assertEquals(1, lost.size(), events.all().toString());
        assertEquals("plaintext", lost.get(0).fields().get("leg"));
        assertEquals("198.18.0.7:5061", lost.get(0).fields().get("peer"));
        assertEquals("edge-in", lost.get(0).link());
        assertEquals(3, passedOn.get(), "every exception travels on to the relay");
    }

    @Test
    void aResetIsNoPeerLoss() throws Exception {
        Connection conn = connection();
        AtomicInteger passedOn = new AtomicInteger();
        EmbeddedChannel ch = channel(new LegEndWatch(conn, ConnectionTrace.CLIENT, "tls"), passedOn);
        ch.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));

        assertEquals("client-reset", conn.trace().closedBy());
        assertTrue(events.of(EventType.PEER_LOST).isEmpty(), events.all().toString());
        assertEquals(1, passedOn.get());
    }

    @Test
    void aLegWithItsOwnPeerLossHandlerIsNotReportedTwice() throws Exception {
        Connection conn = connection();
        AtomicInteger passedOn = new AtomicInteger();
        EmbeddedChannel ch = channel(new LegEndWatch(conn, "upstream", null), passedOn);
        ch.pipeline().fireExceptionCaught(new IOException("Connection timed out"));

        assertEquals("upstream-lost", conn.trace().closedBy());
        assertTrue(events.of(EventType.PEER_LOST).isEmpty(), "the upstream leg's PeerLossWatch handler reports it");
        assertEquals(1, passedOn.get());
    }

    /** An embedded channel whose peer has an IP address (as every real leg's has), the watch, and a counting tail. */
    private static EmbeddedChannel channel(LegEndWatch watch, AtomicInteger passedOn) {
        return new EmbeddedChannel(watch, new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                passedOn.incrementAndGet();
            }
        }) {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("198.18.0.7", 5061);
            }
        };
    }

    private Connection connection() throws Exception {
        TestPki pki = new TestPki(dir);
        pki.server("server");
        Path f = dir.resolve("securelink.yaml");
        Files.writeString(f, """
                appliance: { id: watch, site: lab, state-dir: state }
                links:
                  edge-in:
                    mode: server
                    listen: 127.0.0.1:1
                    forward: 127.0.0.1:2
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt }
                    policy: { sources: ["127.0.0.0/8"] }
                """);
        LinkConfig link = ConfigLoader.load(f).links().get("edge-in");
        LinkSnapshot snap = LinkSnapshot.unprepared(link);
        LinkState state = new LinkState("edge-in", snap);
        return new Connection(state, snap, null, "198.18.0.7:5061", null, null, events, new ConnectionTrace(state.stats(), true));
    }
}
