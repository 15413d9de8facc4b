package io.securelink.appliance.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.DaemonProcess;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.LineEchoBackend;
import io.securelink.appliance.support.PlainClient;
import io.securelink.appliance.support.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the way from exec to the first request does not spend CPU on, seen in the class-load log of
 * {@code securelink run} started as its own JVM that relayed a request across a client-mode and a
 * server-mode link: Netty's Java Flight Recorder events (off unless the operator asks for them; with
 * {@code -Dio.netty.jfr.enabled=true} they are registered, as before) and with them the JDK's JFR metadata
 * repository (~60 ms of CPU), and Jackson's ObjectMapper (the audit log's lines are written and read with
 * the streaming generator and parser; the mapper's initialisation cost ~20-40 ms of CPU).
 */
class StartPathTest {
    private static final String NETTY_EVENT = "io.netty.buffer.AllocateChunkEvent ";
    private static final String JFR_REPOSITORY = "jdk.jfr.internal.MetadataRepository ";

    @TempDir
    Path dir;

    @Test
    void aDaemonThatServedThroughBothLinkModesStartedNeitherFlightRecorderMetadataNorAnObjectMapper() throws Exception {
        String classes = startRelayStop("default");
        assertTrue(classes.contains("io.netty.buffer.AdaptivePoolingAllocator "), "the allocator ran: the check below means something");
        assertFalse(classes.contains(NETTY_EVENT), "Netty's JFR event class was loaded");
        assertFalse(classes.contains(JFR_REPOSITORY), "the JDK's JFR metadata repository was started");
        assertTrue(classes.contains("io.securelink.appliance.auditlog.RecordLines "), "the audit log wrote: the check below means something");
        assertFalse(classes.contains("com.fasterxml.jackson.databind.ObjectMapper "), "Jackson's ObjectMapper was initialised");
    }

    @Test
    void theOperatorCanStillAskForNettysFlightRecorderEvents() throws Exception {
        String classes = startRelayStop("asked", "-Dio.netty.jfr.enabled=true");
        assertTrue(classes.contains(NETTY_EVENT), "Netty's JFR event class was not loaded although asked for");
        assertTrue(classes.contains(JFR_REPOSITORY), "the JDK's JFR metadata repository was not started although asked for");
    }

    /** Starts {@code run} as its own JVM, relays one line across both links, stops it; returns its class-load log. */
    private String startRelayStop(String name, String... jvmOptions) throws Exception {
        Path here = Files.createDirectories(dir.resolve(name));
        TestPki pki = new TestPki(here);
        TestPki.Pair server = pki.server("server");
        TestPki.Pair client = pki.client("client", "spiffe://lab/client");
        Path classLog = here.resolve("classes.log");
        String[] options = new String[jvmOptions.length + 1];
        options[0] = "-Xlog:class+load:file=" + classLog;
        System.arraycopy(jvmOptions, 0, options, 1, jvmOptions.length);
        try (LineEchoBackend backend = new LineEchoBackend()) {
            int in = FreePorts.next();
            int out = FreePorts.next();
            Path cfg = here.resolve("jfr.yaml");
            Files.writeString(cfg, """
                    appliance: { id: jfr-%s, site: lab, state-dir: state }
                    links:
                      j-in:
                        mode: server
                        listen: 127.0.0.1:%d
                        forward: 127.0.0.1:%d
                        tls: { certificate: server.crt, key: server.key, trust: ca.crt, pins: ["%s"] }
                        timeouts: { drain: 2s }
                        policy: { sources: ["127.0.0.0/8"] }
                      j-out:
                        mode: client
                        listen: 127.0.0.1:%d
                        connect: ["127.0.0.1:%d"]
                        tls: { certificate: client.crt, key: client.key, trust: ca.crt, pins: ["%s"], peers: ["ip:127.0.0.1"] }
                        timeouts: { drain: 2s }
                        policy: { sources: ["127.0.0.0/8"] }
                    """.formatted(name, in, backend.port(), client.pin(), out, in, server.pin()));
            try (DaemonProcess d = DaemonProcess.start(cfg, Map.of(), options).awaitRunning()) {
                assertEquals("echo:through-both", PlainClient.exchange(out, "through-both"));
                d.close();
                assertEquals(0, d.awaitExit(), d.logText());
            }
        }
        return Files.readString(classLog, StandardCharsets.UTF_8);
    }
}
