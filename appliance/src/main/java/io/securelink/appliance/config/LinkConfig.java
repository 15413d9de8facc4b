package io.securelink.appliance.config;

import java.util.List;
import java.util.Optional;

/**
 * One link: a listener and where its connections go. Server mode forwards to {@code forward} (or to a
 * route picked by the peer's identity); client mode originates TLS to the {@code connect} endpoints in order.
 */
public record LinkConfig(
        String name,
        LinkMode mode,
        HostPort listen,
        Optional<HostPort> forward,
        List<HostPort> connect,
        TlsConfig tls,
        Timeouts timeouts,
        PolicyConfig policy,
        TcpOptions tcp) {
}
