package io.securelink.appliance.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free ports for tests that must write a port into a config before anything listens.
 *
 * <p>Contract: no port is handed out twice in one JVM, and each one was free on every address (a wildcard
 * bind without {@code SO_REUSEADDR} succeeded, so nothing listens on it, nothing holds it in TIME_WAIT and no
 * connection uses it as its local port) when handed out. Ports come from below the kernel's ephemeral range
 * ({@code ip_local_port_range}), so an outgoing connection of this or another process (which takes its local
 * port from that range) cannot take a port between the hand-out and the bind of the listener it was meant for;
 * the old way (bind port 0, read it back, close) handed out ephemeral ports, which the kernel then gave to the
 * next client socket, and could hand the same one out twice. Concurrent JVMs (surefire forks, other builds)
 * start at random points of the range, so they seldom meet, and the bind check catches a port already bound.
 */
public final class FreePorts {
    private static final int LOWEST = 10_000;
    private static final int HIGHEST = ephemeralLow() - 1;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST + 1));

    private FreePorts() {
    }

    public static int next() {
        int span = HIGHEST - LOWEST + 1;
        for (int tries = 0; tries < span; tries++) {
            int port = LOWEST + Math.floorMod(NEXT.getAndIncrement() - LOWEST, span);
            if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + LOWEST + ".." + HIGHEST);
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range (32768 where it cannot be read); readAllLines, as readString sees a /proc file as nearly empty. */
    private static int ephemeralLow() {
        try {
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            return low > LOWEST + 1000 ? low : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
