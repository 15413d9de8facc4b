package io.securelink.appliance.link;

import io.netty.channel.Channel;
import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.tls.PeerVerifier;
import io.securelink.appliance.tls.RevocationVerdict;
import io.securelink.appliance.tls.RevokedFields;
import io.securelink.crypto.PresentedIdentity;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Closes the live connections of one link whose peer chain holds a certificate that the link's current
 * revocation sources now say is revoked, each with a {@code connection-revoked} event naming the link,
 * peer, identity, serial and reason. Every other connection is left alone. Cheap (a hash lookup per
 * certificate per connection), so it can run on every reload; never blocks (closing is asynchronous).
 */
public final class RevocationSweep {
    private static final io.netty.util.AttributeKey<Boolean> CLOSED_FOR_REVOCATION =
            io.netty.util.AttributeKey.valueOf("securelink.closed-for-revocation");

    private RevocationSweep() {
    }

    /** @return how many connections were closed */
    public static int sweep(LinkState state, EventSink events, Instant now) {
        PeerVerifier verifier = state.snapshot().tls().verifier();
        if (!verifier.revocation().checksAnything()) {
            return 0;
        }
        return sweep(state, events, verifier, verifier.revocation(), now);
    }

    /**
     * As {@link #sweep(LinkState, EventSink, Instant)}, with the CRL of {@code file} replaced by {@code fresh}
     * (read from disk just now), when the link uses that file; other links are left alone.
     */
    public static int sweepWithNewCrl(LinkState state, EventSink events, java.nio.file.Path file,
                                      io.securelink.crypto.RevocationList fresh, Instant now) {
        PeerVerifier verifier = state.snapshot().tls().verifier();
        return verifier.revocation().withCrl(file, fresh, List.of(verifier.getAcceptedIssuers()))
                .map(check -> sweep(state, events, verifier, check, now)).orElse(0);
    }

    private static int sweep(LinkState state, EventSink events, PeerVerifier verifier, io.securelink.appliance.tls.RevocationCheck check,
                             Instant now) {
        List<Channel> live = new ArrayList<>(state.connections());
        int closed = 0;
        for (Channel ch : live) {
            List<X509Certificate> chain = PeerChain.of(ch);
            if (chain.isEmpty() || !ch.isOpen()) {
                continue;
            }
            if (verifier.recheck(chain, now, check) instanceof RevocationVerdict.Revoked r) {
                if (ch.attr(CLOSED_FOR_REVOCATION).setIfAbsent(Boolean.TRUE) != null) {
                    continue;
                }
                closed++;
                state.stats().closedForRevocation();
                String remote = PeerChain.peerOf(ch,
                        ch.remoteAddress() instanceof InetSocketAddress a ? AddressText.of(a) : String.valueOf(ch.remoteAddress()));
                String identity;
                try {
                    identity = PresentedIdentity.of(chain.get(0)).toString();
                } catch (IllegalArgumentException e) {
                    identity = chain.get(0).getSubjectX500Principal().getName();
                }
                Map<String, String> f = new LinkedHashMap<>();
                f.put("identity", identity);
                f.putAll(RevokedFields.of(r));
                events.emit(Event.of(EventType.CONNECTION_REVOKED, state.name(), remote, "link " + state.name()
                        + ": closed live connection of peer " + remote + " (" + identity + "): " + RevokedFields.describe(r), f));
                ConnectionTrace.end(ConnectionTrace.of(ch), ConnectionTrace.POLICY);
                ch.close();
            }
        }
        return closed;
    }
}
