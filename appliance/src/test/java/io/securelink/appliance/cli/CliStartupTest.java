package io.securelink.appliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.CliProcess;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.Processes;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.TestPki;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast CLI's plain forms, run as a user runs them (their own JVM, class loading logged): they print what
 * they did before and load nothing they do not use: no BoringSSL, native transport, Bouncy Castle
 * provider or logging for {@code version}; no logging, picocli model or Jackson for {@code status} and {@code pin}.
 */
class CliStartupTest {
    @TempDir
    Path dir;

    private List<String> classesLoadedBy(String... args) throws IOException {
        Path log = dir.resolve("classes-" + args[0] + ".log");
        Processes.Result r = CliProcess.runWithJvmOptions(dir, List.of("-Xlog:class+load=info:file=" + log), args);
        assertEquals(0, r.exitCode(), r.all());
        return Files.readAllLines(log);
    }

    private static List<String> matching(List<String> classes, String... prefixes) {
        return classes.stream().filter(l -> List.of(prefixes).stream().anyMatch(p -> l.contains("] " + p)))
                .map(l -> l.replaceAll(" source:.*", "")).collect(Collectors.toList());
    }

    /** The version a library's own jar declares, found from one of its classes without loading it. */
    private static String jarVersion(String classResource) throws IOException {
        URL url = CliStartupTest.class.getClassLoader().getResource(classResource);
        Manifest m = ((JarURLConnection) url.openConnection()).getManifest();
        String v = m.getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
        return v != null ? v : m.getMainAttributes().getValue("Bundle-Version");
    }

    @Test
    void versionPrintsTheLibrariesOnTheClassPathWithoutLoadingThem() throws Exception {
        Processes.Result r = CliProcess.run(dir, "version");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("", r.stderr());
        List<String> lines = r.stdout().lines().toList();
        assertEquals("securelink " + SecurelinkCommand.version(), lines.get(0));
        assertEquals("java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")", lines.get(1));
        assertEquals("netty " + jarVersion("io/netty/channel/Channel.class") + ", netty-tcnative "
                + jarVersion("io/netty/internal/tcnative/SSL.class") + " (BoringSSL)", lines.get(2));
        assertEquals("bouncycastle " + jarVersion("org/bouncycastle/jce/provider/BouncyCastleProvider.class")
                + ", bctls " + jarVersion("org/bouncycastle/jsse/provider/BouncyCastleJsseProvider.class"), lines.get(3));
        assertEquals(4, lines.size(), r.stdout());

        List<String> loaded = classesLoadedBy("version");
        assertEquals(List.of(), matching(loaded, "io.netty.", "org.bouncycastle.", "ch.qos.logback.", "org.slf4j.",
                "org.yaml.", "com.fasterxml.", "picocli.CommandLine$Model"), "version loads none of these");
    }

    @Test
    void versionCheckSaysWhichTlsProviderAndTransportThisMachineUses() {
        Processes.Result r = CliProcess.run(dir, "version", "--check");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().matches("(?s).*\ntls (openssl|bc|jdk) \\(.*\\)\ntransport (io_uring|epoll|nio).*"), r.stdout());
    }

    @Test
    void pinOfAFileLoadsNoJsonNoLoggingAndNoCommandModel() throws Exception {
        TestPki pki = new TestPki(dir);
        pki.server("server");
        Processes.Result r = CliProcess.run(dir, "pin", dir.resolve("server.crt").toString());
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().startsWith("sha256/"), r.stdout());
        List<String> loaded = classesLoadedBy("pin", dir.resolve("server.crt").toString());
        assertEquals(List.of(), matching(loaded, "com.fasterxml.", "ch.qos.logback.", "picocli.CommandLine$Model", "io.netty."),
                "pin FILE loads none of these");
    }

    @Test
    void statusAsksTheRunningApplianceWithoutLoggingOrTheConfigModel() throws Exception {
        TestPki pki = new TestPki(dir);
        pki.server("server");
        Path config = dir.resolve("securelink.yaml");
        Files.writeString(config, """
                appliance: { id: fast-status, site: lab, state-dir: state }
                links:
                  in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:9
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt }
                """.formatted(FreePorts.next()));
        try (RunningLifecycle app = new RunningLifecycle(config)) {
            Processes.Result r = CliProcess.run(dir, "status", "--config", config.toString());
            assertEquals(0, r.exitCode(), r.all());
            assertTrue(r.stdout().contains("config digest " + app.lifecycle.config().digest()), r.stdout());
            assertTrue(r.stdout().contains("link in server listen 127.0.0.1:"), r.stdout());
            List<String> loaded = classesLoadedBy("status", "--config", config.toString());
            assertEquals(List.of(), matching(loaded, "ch.qos.logback.", "org.slf4j.", "picocli.CommandLine$Model", "io.netty.",
                    "org.bouncycastle.", "com.fasterxml.", "org.yaml.snakeyaml.constructor.", "org.yaml.snakeyaml.representer.",
                    "io.securelink.appliance.config.ApplianceConfig"), "status loads none of these");
        }
    }
}
