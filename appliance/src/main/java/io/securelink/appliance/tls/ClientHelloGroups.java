package io.securelink.appliance.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the key-exchange groups a TLS client offers (its {@code supported_groups} and {@code key_share}
 * extensions) from the first TLS record, and leaves them on the channel ({@link #OFFERED}), so a refusal
 * for lack of a post-quantum group can say what the peer offered. It passes every buffer on at once and
 * unchanged (it keeps a copy of at most one record), and removes itself after the first record; anything
 * it cannot parse leaves the attribute empty and the handshake to the engine.
 */
public final class ClientHelloGroups extends ChannelInboundHandlerAdapter {
    /** The groups the peer offered, most preferred first, by securelink's names (IANA code points otherwise). */
    public static final AttributeKey<List<String>> OFFERED = AttributeKey.valueOf("securelink.offered-groups");
    private static final int MAX_RECORD = 16384 + 5;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0x001d, "X25519"), Map.entry(0x001e, "X448"),
            Map.entry(0x0017, "P-256"), Map.entry(0x0018, "P-384"), Map.entry(0x0019, "P-521"),
            Map.entry(0x11ec, "X25519MLKEM768"), Map.entry(0x11eb, "SecP256r1MLKEM768"), Map.entry(0x11ed, "SecP384r1MLKEM1024"),
            Map.entry(0x6399, "X25519Kyber768Draft00"),
            Map.entry(0x0200, "MLKEM512"), Map.entry(0x0201, "MLKEM768"), Map.entry(0x0202, "MLKEM1024"),
            Map.entry(0x0100, "ffdhe2048"), Map.entry(0x0101, "ffdhe3072"), Map.entry(0x0102, "ffdhe4096"));

    private ByteBuf seen;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf in) {
            if (seen == null) {
                seen = ctx.alloc().heapBuffer(Math.min(MAX_RECORD, Math.max(in.readableBytes(), 512)), MAX_RECORD);
            }
            seen.writeBytes(in, in.readerIndex(), Math.min(in.readableBytes(), seen.maxWritableBytes()));
            inspect(ctx);
        }
        ctx.fireChannelRead(msg);
    }

    private void inspect(ChannelHandlerContext ctx) {
        if (seen.readableBytes() < 5) {
            return;
        }
        int recordLength = seen.getUnsignedShort(3);
        boolean handshake = seen.getUnsignedByte(0) == 22;
        if (handshake && seen.readableBytes() < 5 + recordLength && seen.isWritable()) {
            return;
        }
        if (handshake && seen.readableBytes() >= 9 && seen.getUnsignedByte(5) == 1) {
            List<String> groups = parse(seen.slice(9, Math.min(seen.readableBytes(), 5 + recordLength) - 9));
            if (!groups.isEmpty()) {
                ctx.channel().attr(OFFERED).set(groups);
            }
        }
        ctx.pipeline().remove(this);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (seen != null) {
            seen.release();
            seen = null;
        }
    }

    /** The groups of a ClientHello body (from client_version on; may be cut short); empty when unreadable. */
    static List<String> parse(ByteBuf hello) {
        try {
            int i = hello.readerIndex() + 2 + 32;
            i += 1 + hello.getUnsignedByte(i);
            i += 2 + hello.getUnsignedShort(i);
            i += 1 + hello.getUnsignedByte(i);
            int end = Math.min(hello.writerIndex(), i + 2 + hello.getUnsignedShort(i));
            i += 2;
            Set<String> supported = new LinkedHashSet<>();
            List<String> shares = new ArrayList<>();
            while (i + 4 <= end) {
                int type = hello.getUnsignedShort(i);
                int len = hello.getUnsignedShort(i + 2);
                int body = i + 4;
                if (type == 10) {
                    int listEnd = body + 2 + hello.getUnsignedShort(body);
                    for (int g = body + 2; g + 2 <= listEnd; g += 2) {
                        name(hello.getUnsignedShort(g)).ifPresent(supported::add);
                    }
                } else if (type == 51) {
                    int listEnd = body + 2 + hello.getUnsignedShort(body);
                    for (int s = body + 2; s + 4 <= listEnd; s += 4 + hello.getUnsignedShort(s + 2)) {
                        name(hello.getUnsignedShort(s)).ifPresent(shares::add);
                    }
                }
                i = body + len;
            }
            List<String> out = new ArrayList<>(supported);
            shares.stream().filter(s -> !out.contains(s)).forEach(out::add);
            return List.copyOf(out);
        } catch (IndexOutOfBoundsException e) {
            return List.of();
        }
    }

    private static java.util.Optional<String> name(int id) {
        if ((id & 0x0f0f) == 0x0a0a && (id >> 8) == (id & 0xff)) {
            return java.util.Optional.empty(); // GREASE
        }
        return java.util.Optional.of(NAMES.getOrDefault(id, String.format("0x%04x", id)));
    }
}
