package io.securelink.appliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.DaemonProcess;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.PlainClient;
import io.securelink.appliance.support.TestTimeouts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab as the README starts it ({@code lab/run.sh}, on a copy of {@code lab/}): {@code SECURELINK_LAB_PORTS}
 * moves all three ports and a line still crosses both TLS hops on the new ones; a port another process holds
 * makes {@code run} fail with the link, the address and what to do, and the script add the override.
 */
class LabPortsTest {
    @TempDir
    Path dir;

    private Path lab() throws IOException {
        Path lab = Files.createDirectories(dir.resolve("lab"));
        Files.copy(Path.of("..", "lab", "securelink.yaml"), lab.resolve("securelink.yaml"));
        Files.copy(Path.of("..", "lab", "run.sh"), lab.resolve("run.sh"));
        return lab;
    }

    private static Process script(Path lab, String ports, Path out, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", lab.resolve("run.sh").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("SECURELINK_LAB_PORTS", ports);
        pb.environment().put("SECURELINK_CMD", Path.of(System.getProperty("java.home"), "bin", "java") + " -cp "
                + System.getProperty("java.class.path") + " io.securelink.appliance.cli.SecurelinkCommand");
        return pb.start();
    }

    @Test
    void labPortsOverrideMovesAllThreePortsAndALineCrossesBothTlsHops() throws Exception {
        Path lab = lab();
        int in = FreePorts.next();
        int tls = FreePorts.next();
        int backend = FreePorts.next();
        String ports = in + "," + tls + "," + backend;
        Path runOut = dir.resolve("run.out");
        Path echoOut = dir.resolve("echo.out");
        Process run = script(lab, ports, runOut);
        Process echo = script(lab, ports, echoOut, "echo");
        try {
            Await.until(() -> read(runOut).contains("securelink running") || !run.isAlive(), "the lab running", DaemonProcess.START_MILLIS);
            assertTrue(run.isAlive(), read(runOut));
            assertTrue(read(runOut).contains("link lab-out listening on 127.0.0.1:" + in), read(runOut));
            assertTrue(read(runOut).contains("link lab-in listening on 127.0.0.1:" + tls), read(runOut));
            Await.until(() -> read(echoOut).contains("echo listening on 127.0.0.1:" + backend) || !echo.isAlive(), "the lab backend",
                    DaemonProcess.START_MILLIS);
            assertEquals("hello over both hops", PlainClient.exchange(in, "hello over both hops"));
            String cfg = Files.readString(lab.resolve("securelink.ports.yaml"));
            assertTrue(cfg.contains("forward: 127.0.0.1:" + backend) && cfg.contains("connect: [\"127.0.0.1:" + tls + "\"]"), cfg);
            Await.until(() -> read(runOut).contains("closed link=lab-in "), "the connection's close line");
        } finally {
            stop(run);
            stop(echo);
        }
        assertEquals(0, run.exitValue(), read(runOut));
    }

    @Test
    void aBusyPortNamesThePortTheLinkAndTheOverride() throws Exception {
        Path lab = lab();
        int in = FreePorts.next();
        int backend = FreePorts.next();
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int tls = squatter.getLocalPort();
            Path out = dir.resolve("busy.out");
            Process run = script(lab, in + "," + tls + "," + backend, out);
            assertTrue(run.waitFor(DaemonProcess.START_MILLIS, TimeUnit.MILLISECONDS), read(out));
            assertEquals(1, run.exitValue(), read(out));
            String text = read(out);
            assertTrue(text.contains("error: link lab-in: cannot listen on 127.0.0.1:" + tls
                    + ": the address is already in use by another process"), text);
            assertTrue(text.contains("give link lab-in a free port in its `listen:`"), text);
            assertTrue(text.contains("lab: port " + tls + " of lab-in (mutual TLS) is in use by another process; move the lab with"
                    + " SECURELINK_LAB_PORTS=IN,TLS,BACKEND (now " + in + "," + tls + "," + backend + ")"), text);
            assertTrue(!text.contains("Exception"), text);
        }
    }

    @Test
    void badLabPortsAreRefusedWithTheExpectedForm() throws Exception {
        Path lab = lab();
        Path out = dir.resolve("bad.out");
        Process p = script(lab, "7000,8443", out);
        assertTrue(p.waitFor(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS), "lab/run.sh refuses bad ports and exits: " + read(out));
        assertEquals(2, p.exitValue());
        assertTrue(read(out).contains("expected three ports IN,TLS,BACKEND, e.g. SECURELINK_LAB_PORTS=17000,18443,19000"), read(out));
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy(); // SIGTERM to the script, which passes it on
        if (!p.waitFor(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
