package io.securelink.appliance.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void noPortIsHandedOutTwiceAndNoneFromTheEphemeralRangeAndEachBindsOnEveryAddress() throws Exception {
        int ephemeralLow = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+")[0]);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            int port = FreePorts.next();
            assertTrue(seen.add(port), "port " + port + " handed out twice");
            assertTrue(port < ephemeralLow, port + " is in the ephemeral range, where a client socket can take it");
        }
        int port = FreePorts.next();
        try (ServerSocket wildcard = new ServerSocket()) {
            wildcard.bind(new InetSocketAddress(port)); // as openssl ocsp -port binds
            assertEquals(port, wildcard.getLocalPort());
        }
    }

    @Test
    void aPortAnotherSocketListensOnIsNeverHandedOut() throws Exception {
        // Squat on the ports just above the last one handed out (where the next ones would come from).
        int last = FreePorts.next();
        java.util.List<ServerSocket> squatters = new java.util.ArrayList<>();
        Set<Integer> squatted = new HashSet<>();
        try {
            for (int p = last + 1; p <= last + 50 && p < 65536; p++) {
                try {
                    squatters.add(new ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress()));
                    squatted.add(p);
                } catch (java.io.IOException taken) {
                    // Someone else's: skipped by FreePorts as well.
                }
            }
            assertTrue(squatted.size() > 0);
            for (int i = 0; i < 200; i++) {
                int port = FreePorts.next();
                assertTrue(!squatted.contains(port), "handed out " + port + ", which a loopback socket listens on");
            }
        } finally {
            for (ServerSocket s : squatters) {
                s.close();
            }
        }
    }
}
