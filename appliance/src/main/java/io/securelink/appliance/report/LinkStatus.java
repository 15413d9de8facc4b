package io.securelink.appliance.report;

import java.util.Map;

/**
 * One link's state as reported by status: where it listens, how busy it is, what it refused and why,
 * the health of its upstreams, and how many days its own and its peers' certificates have left.
 *
 * @param peerCertificateDaysLeft days left on the last verified peer certificate, or null if none seen yet
 * @param keyExchange             post-quantum protection, groups negotiated and live post-quantum connections
 * @param revocation              CRLs, cached OCSP answers and connections closed for revocation
 * @param acceptFailures          failed accepts on the listening socket since start, by reason ({@code fd-limit}...)
 */
public record LinkStatus(
        String name,
        String mode,
        String listen,
        boolean accepting,
        int liveConnections,
        long totalConnections,
        long bytesFromRemote,
        long bytesToRemote,
        int handshakesInFlight,
        Map<String, Long> handshakeFailures,
        Map<String, Long> decisions,
        Map<String, Boolean> upstreams,
        String activeUpstream,
        long ownCertificateDaysLeft,
        Long peerCertificateDaysLeft,
        KeyExchangeStatus keyExchange,
        RevocationStatus revocation,
        Map<String, Long> acceptFailures) {
}
