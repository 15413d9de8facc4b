package io.securelink.appliance.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.support.LineEchoBackend;
import io.securelink.appliance.support.OpensslClient;
import io.securelink.appliance.support.Processes;
import io.securelink.appliance.support.RunningAppliance;
import io.securelink.appliance.support.TestPki;
import io.securelink.appliance.support.FreePorts;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server-mode link as a remote peer sees it, with the real {@code openssl s_client}: only a client
 * whose CA-valid certificate is pinned and listed reaches the backend; every other client is refused
 * during the handshake, the backend never sees it, and the event names what the client presented.
 * Runs once per TLS provider.
 */
class ServerLinkOpensslTest {
    @TempDir
    Path dir;
    TestPki pki;
    LineEchoBackend backend;
    TestPki.Pair server;
    TestPki.Pair pinned;
    RunningAppliance appliance;

    @BeforeEach
    void pki() throws Exception {
        pki = new TestPki(dir);
        server = pki.server("server");
        pinned = pki.client("voice", "spiffe://carrier/voice");
        backend = new LineEchoBackend();
    }

    @AfterEach
    void stop() throws Exception {
        if (appliance != null) {
            appliance.close();
        }
        backend.close();
        System.clearProperty("securelink.tls.provider");
    }

    private void start(String provider) throws Exception {
        System.setProperty("securelink.tls.provider", provider);
        appliance = RunningAppliance.start(dir, """
                appliance: { id: test-a, site: lab, state-dir: state }
                links:
                  voice-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:%d
                    tls:
                      certificate: server.crt
                      key: server.key
                      trust: ca.crt
                      client-auth: required
                      pins: ["%s"]
                      peers: ["uri:spiffe://carrier/voice", "uri:spiffe://carrier/other"]
                    policy: { sources: ["127.0.0.0/8"] }
                """.formatted(FreePorts.next(), backend.port(), pinned.pin()));
    }

    private int port() {
        return appliance.port("voice-in");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void pinnedClientReachesTheBackend(String provider) throws Exception {
        start(provider);
        Processes.Result r = OpensslClient.send(port(), pinned.cert(), pinned.key(), pki.caFile(), "hello-999");
        assertTrue(r.stdout().contains("echo:hello-999"), r.all());
        assertEquals(1, backend.accepted());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void tls12WithAeadSuiteIsAccepted(String provider) throws Exception {
        start(provider);
        Processes.Result r = OpensslClient.send(port(), pinned.cert(), pinned.key(), pki.caFile(), "over-1.2", "-tls1_2");
        assertTrue(r.stdout().contains("echo:over-1.2"), r.all());
        assertTrue(r.all().contains("ECDHE"), r.all());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void tls12WithoutEcdheOrAeadIsRefused(String provider) throws Exception {
        start(provider);
        Processes.Result r = OpensslClient.send(port(), pinned.cert(), pinned.key(), pki.caFile(), "weak",
                "-tls1_2", "-cipher", "AES128-SHA:ECDHE-ECDSA-AES128-SHA");
        assertFalse(r.stdout().contains("echo:weak"), r.all());
        assertEquals(0, backend.accepted());
        assertRefusedAsNoSharedCipher();
    }

    /** Static RSA key exchange only (AEAD suites, no ECDHE): BoringSSL words it "wrong curve"; it is counted as what it is. */
    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void tls12WithOnlyRsaKeyExchangeIsRefusedAsNoSharedCipher(String provider) throws Exception {
        start(provider);
        Processes.Result r = OpensslClient.send(port(), pinned.cert(), pinned.key(), pki.caFile(), "rsa-kx",
                "-tls1_2", "-cipher", "AES128-GCM-SHA256:AES256-GCM-SHA384");
        assertFalse(r.stdout().contains("echo:rsa-kx"), r.all());
        assertEquals(0, backend.accepted());
        assertRefusedAsNoSharedCipher();
    }

    /** A handshake record longer than TLS allows (18 KiB of a 16 KiB maximum) is refused as malformed, with words for it. */
    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void anOversizedHandshakeRecordIsRefusedAsMalformed(String provider) throws Exception {
        start(provider);
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port())) {
            byte[] record = new byte[5 + 0x4800];
            record[0] = 0x16;
            record[1] = 0x03;
            record[2] = 0x01;
            record[3] = 0x48;
            // The body stays zeros: to a provider that reads it at all, a handshake message of type 0 (hello_request).
            s.getOutputStream().write(record);
            io.securelink.appliance.support.Await.until(() -> !appliance.events.of(io.securelink.appliance.event.EventType.HANDSHAKE_FAILED).isEmpty(),
                    "a handshake-failed event");
        }
        var e = appliance.events.of(io.securelink.appliance.event.EventType.HANDSHAKE_FAILED).get(0);
        assertEquals("malformed", e.fields().get("reason"), e.message());
        assertTrue(e.message().contains("(malformed): the peer sent a malformed TLS record"), e.message());
    }

    private void assertRefusedAsNoSharedCipher() throws InterruptedException {
        io.securelink.appliance.support.Await.until(() -> !appliance.events.of(io.securelink.appliance.event.EventType.HANDSHAKE_FAILED).isEmpty(),
                "a handshake-failed event");
        var e = appliance.events.of(io.securelink.appliance.event.EventType.HANDSHAKE_FAILED).get(0);
        assertEquals("no-shared-cipher", e.fields().get("reason"), e.message());
        assertTrue(e.message().contains("ECDHE"), e.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void caValidButUnpinnedClientIsRefusedNamingItsPin(String provider) throws Exception {
        start(provider);
        TestPki.Pair unpinned = pki.client("voice2", "spiffe://carrier/voice");
        Processes.Result r = OpensslClient.send(port(), unpinned.cert(), unpinned.key(), pki.caFile(), "nope");
        assertFalse(r.stdout().contains("echo:"), r.all());
        assertAlert(provider, r, "bad certificate");
        Event e = appliance.events.await(EventType.PIN_FAILED);
        assertEquals("voice-in", e.link());
        assertTrue(e.message().contains(unpinned.pin()), e.message());
        assertTrue(e.message().contains("CN=voice2"), e.message());
        assertTrue(e.message().contains(pinned.pin()), "expected pins listed: " + e.message());
        assertTrue(e.remote().startsWith("127.0.0.1:"), e.remote());
        assertEquals(0, backend.accepted());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void clientWithoutCertificateIsRefused(String provider) throws Exception {
        start(provider);
        Processes.Result r = OpensslClient.send(port(), null, null, pki.caFile(), "anon");
        assertFalse(r.stdout().contains("echo:"), r.all());
        appliance.events.await(e -> e.type() == EventType.HANDSHAKE_FAILED || e.type() == EventType.CHAIN_REFUSED, "refusal");
        assertEquals(0, backend.accepted());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void expiredClientCertificateIsRefused(String provider) throws Exception {
        start(provider);
        TestPki.Pair expired = pki.save("expired", pki.ca.issue(io.securelink.crypto.LeafSpec.client("expired", java.util.List.of("spiffe://carrier/voice"))
                .withValidity(java.time.Instant.now().minus(java.time.Duration.ofDays(30)), java.time.Instant.now().minus(java.time.Duration.ofDays(1)))));
        Processes.Result r = OpensslClient.send(port(), expired.cert(), expired.key(), pki.caFile(), "old");
        assertFalse(r.stdout().contains("echo:"), r.all());
        assertAlert(provider, r, "certificate expired");
        Event e = appliance.events.await(EventType.CHAIN_REFUSED);
        assertTrue(e.message().contains("CN=expired"), e.message());
        assertEquals(0, backend.accepted());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void clientFromAnotherCaIsRefused(String provider) throws Exception {
        start(provider);
        TestPki.Pair rogue = pki.otherCaClient("rogue", "spiffe://carrier/voice");
        Processes.Result r = OpensslClient.send(port(), rogue.cert(), rogue.key(), pki.caFile(), "rogue");
        assertFalse(r.stdout().contains("echo:"), r.all());
        assertAlert(provider, r, "unknown ca");
        Event e = appliance.events.await(EventType.CHAIN_REFUSED);
        assertTrue(e.message().contains("CN=Rogue CA"), e.message());
        assertEquals(0, backend.accepted());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void pinnedClientWhoseSanIsNotListedIsRefused(String provider) throws Exception {
        TestPki.Pair wrongSan = pki.client("ops", "spiffe://carrier/ops");
        pinned = wrongSan; // pinned, CA-valid, but its URI SAN is not in peers
        start(provider);
        Processes.Result r = OpensslClient.send(port(), wrongSan.cert(), wrongSan.key(), pki.caFile(), "ops");
        assertFalse(r.stdout().contains("echo:"), r.all());
        assertAlert(provider, r, "bad certificate");
        Event e = appliance.events.await(EventType.IDENTITY_REFUSED);
        assertTrue(e.message().contains("spiffe://carrier/ops"), e.message());
        assertTrue(e.message().contains("uri:spiffe://carrier/voice"), e.message());
        assertEquals(0, backend.accepted());
    }

    /** The refused client is told why (openssl prints e.g. "tlsv1 alert unknown ca"), never "internal error". */
    private static void assertAlert(String provider, Processes.Result r, String alert) {
        assertFalse(r.all().contains("alert internal error"), r.all());
        if (provider.equals("openssl")) {
            assertTrue(r.all().contains("alert " + alert), "expected the '" + alert + "' alert: " + r.all());
        }
    }
}
