package io.securelink.appliance.link;

import io.securelink.appliance.config.LinkConfig;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.policy.LinkPolicy;
import io.securelink.appliance.tls.LinkTls;
import javax.net.ssl.SSLException;

/**
 * Everything one link needs from one config snapshot, prepared ahead of traffic: the config, its TLS
 * context, its {@link LinkPolicy} and upstream pool. A connection takes the snapshot current at accept
 * and keeps it for life, so a reload never changes the rules under a live connection.
 */
public record LinkSnapshot(LinkConfig config, LinkTls tls, LinkPolicy policy, UpstreamPool upstreams) {

    /**
     * A link whose listening socket is bound before its TLS context is built: only the config (listen
     * options). Never accepted under: a listener serves only once its prepared snapshot replaced this one.
     */
    public static LinkSnapshot unprepared(LinkConfig config) {
        return new LinkSnapshot(config, null, null, null);
    }

    public static LinkSnapshot prepare(LinkConfig config, EventSink events) throws SSLException {
        return new LinkSnapshot(config, LinkTls.build(config, events), LinkPolicy.of(config),
                new UpstreamPool(config.connect()));
    }
}
