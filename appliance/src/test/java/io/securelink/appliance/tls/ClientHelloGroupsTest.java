package io.securelink.appliance.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/** The ClientHello reader in front of the TLS engine: it names the offered groups and changes no byte. */
class ClientHelloGroupsTest {
    /** A real ClientHello from the JDK's TLS 1.3 client (its default groups: x25519 first, secp256r1 among them). */
    private static byte[] clientHello() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(null, null, null);
        SSLEngine e = ctx.createSSLEngine("localhost", 443);
        e.setUseClientMode(true);
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(new String[] {"TLSv1.3"});
        e.setSSLParameters(p);
        ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        e.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] b = new byte[out.remaining()];
        out.get(b);
        return b;
    }

    private static byte[] drain(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        for (Object m = ch.readInbound(); m != null; m = ch.readInbound()) {
            all.writeBytes((ByteBuf) m);
            ((ByteBuf) m).release();
        }
        return ByteBufUtil.getBytes(all);
    }

    @Test
    void theOfferedGroupsAreNamedAndTheBytesPassUnchangedEvenWhenSplit() throws Exception {
        byte[] hello = clientHello();
        EmbeddedChannel ch = new EmbeddedChannel(new ClientHelloGroups());
        ch.writeInbound(Unpooled.wrappedBuffer(hello, 0, 7));
        ch.writeInbound(Unpooled.wrappedBuffer(hello, 7, hello.length - 7));
        List<String> offered = ch.attr(ClientHelloGroups.OFFERED).get();
        assertTrue(offered != null && offered.get(0).equals("X25519") && offered.contains("P-256"), String.valueOf(offered));
        assertArrayEquals(hello, drain(ch));
        assertNull(ch.pipeline().get(ClientHelloGroups.class), "removes itself after the first record");
        ch.finishAndReleaseAll();
    }

    @Test
    void somethingThatIsNotTlsPassesThroughAndLeavesNoGroups() {
        byte[] garbage = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        EmbeddedChannel ch = new EmbeddedChannel(new ClientHelloGroups());
        ch.writeInbound(Unpooled.wrappedBuffer(garbage));
        assertNull(ch.attr(ClientHelloGroups.OFFERED).get());
        assertArrayEquals(garbage, drain(ch));
        assertNull(ch.pipeline().get(ClientHelloGroups.class));
        ch.finishAndReleaseAll();
    }

    @Test
    void aTruncatedHelloYieldsNoGroupsRatherThanAWrongList() {
        byte[] cut = {22, 3, 1, 0, 40, 1, 0, 0, 36, 3, 3, 0, 0};
        assertEquals(List.of(), ClientHelloGroups.parse(Unpooled.wrappedBuffer(cut, 9, cut.length - 9)));
    }
}
