package io.securelink.appliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.securelink.appliance.status.StatusJson;
import io.securelink.appliance.support.CliProcess;
import io.securelink.appliance.support.CliRun;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.Processes;
import io.securelink.appliance.support.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user and the security team met on a sweep of every command: exit codes as the help documents
 * them, errors that say what to do, {@code audit} as scriptable as the other commands and quiet on stderr,
 * and tuning properties the README documents refused by name instead of with a stack trace.
 */
class NewUserSweepTest {
    @TempDir
    Path dir;

    TestPki pki;
    Path config;

    @BeforeEach
    void aConfig() throws Exception {
        pki = new TestPki(dir);
        TestPki.Pair server = pki.server("server");
        config = dir.resolve("securelink.yaml");
        Files.writeString(config, """
                appliance: { id: sweep, site: lab, state-dir: state }
                links:
                  in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:%d
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt, pins: ["%s"] }
                    policy: { sources: ["127.0.0.0/8"] }
                """.formatted(FreePorts.next(), FreePorts.next(), server.pin()));
    }

    @Test
    void everyHelpDocumentsExitThreeOfATornAuditLog() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"audit-log", "verify", "--help"})) {
            CliRun r = CliRun.of(args);
            assertEquals(0, r.exitCode, r.toString());
            assertTrue(r.out.contains("3   audit-log verify only: the log's final record is torn"), r.out);
        }
    }

    @Test
    void pinOfAMissingFileOrAFolderExitsTwoAsTheHelpSays() {
        CliRun missing = CliRun.of("pin", dir.resolve("nope.crt").toString());
        assertEquals(2, missing.exitCode, missing.toString());
        assertTrue(missing.err.contains("no such file"), missing.err);
        CliRun folder = CliRun.of("pin", dir.toString());
        assertEquals(2, folder.exitCode, folder.toString());
        assertTrue(folder.err.contains("it is a directory"), folder.err);
    }

    @Test
    void statusWithoutAConfigNamesTheDefaultAndWhatToGiveInstead() {
        Assumptions.assumeFalse(Files.exists(ControlTarget.DEFAULT_CONFIG), "a securelink package is installed on this machine");
        CliRun r = CliRun.of("status");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("/etc/securelink/securelink.yaml: does not exist, and no --config was given: give --config FILE"),
                r.err);
    }

    @Test
    void statusOfAStoppedApplianceSaysItIsNotRunningAndHowToStartIt() {
        CliRun r = CliRun.of("status", "--config", config.toString());
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("no securelink answering on " + dir.resolve("state").resolve("control.sock")), r.err);
        assertTrue(r.err.contains("it is not running, or it runs with another config (start it with `securelink run --config FILE`"),
                r.err);
    }

    @Test
    void auditTakesJsonAsTheOtherCommandsDoAndWritesNothingButItsReport() throws Exception {
        Processes.Result r = CliProcess.run(dir, "audit", "--config", config.toString(), "--json", "--fail-on", "info");
        assertEquals(1, r.exitCode(), r.all());
        JsonNode report = StatusJson.parse(r.stdout().getBytes(StandardCharsets.UTF_8));
        assertTrue(report.path("findings").size() > 0, r.stdout());
        assertEquals("", r.stderr(), "audit logged on stderr");
        CliRun both = CliRun.of("audit", "--config", config.toString(), "--json", "--format", "text");
        assertEquals(2, both.exitCode, both.toString());
        assertTrue(CliRun.of("audit", "--help").out.contains("high, medium, low or info"));
    }

    @Test
    void auditProbeWithAClientCertificateButNoKeyIsAUsageErrorNotAFalseFinding() {
        CliRun r = CliRun.of("audit", "--probe", "127.0.0.1:" + FreePorts.next(), "--client-cert", pki.caFile().toString());
        assertEquals(2, r.exitCode, r.toString());
        assertEquals("error: --client-cert and --client-key go together: give both, or neither\n", r.err);
    }

    @Test
    void auditSaysAnExpiredCertificateExpiredOneDayAgoNotTwo() throws Exception {
        TestPki.Pair old = pki.expiredClient("old", "spiffe://x/old");
        Files.writeString(config, Files.readString(config).replace("server.crt", "old.crt").replace("server.key", "old.key"));
        CliRun r = CliRun.of("audit", "--config", config.toString(), "--json");
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.out.contains("expired at " + old.leaf().getNotAfter().toInstant() + " (1 day ago)"), r.out);
    }

    @Test
    void aWedgedApplianceThatTakesTheRequestButNeverAnswersEndsTheCommandAtItsDeadline() throws Exception {
        Path sock = dir.resolve("wedged.sock");
        try (java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(sock));
            // The kernel completes the connect from the backlog: the "appliance" never accepts, reads or answers.
            long start = System.nanoTime();
            java.net.SocketTimeoutException e = org.junit.jupiter.api.Assertions.assertThrows(java.net.SocketTimeoutException.class,
                    () -> io.securelink.appliance.daemon.ControlClient.request(sock, "status", java.time.Duration.ofMillis(300)));
            assertTrue(System.nanoTime() - start < java.util.concurrent.TimeUnit.SECONDS.toNanos(5), "took too long");
            assertTrue(ControlCommands.noAnswer(sock, e).contains("took the request but gave no answer within 300 ms: it is wedged"),
                    ControlCommands.noAnswer(sock, e));
        }
        assertEquals(java.time.Duration.ofSeconds(10), ControlCommands.ANSWER_TIMEOUT);
    }

    @Test
    void pinOfAnEncryptedKeySaysWhatToPinInsteadSinceItAsksForNoPassphrase() {
        Path enc = dir.resolve("enc.key");
        Processes.ok(dir, "openssl", "pkcs8", "-topk8", "-in", "server.key", "-passout", "pass:secret", "-out", enc.toString());
        CliRun r = CliRun.of("pin", enc.toString());
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("pin asks for no passphrase: pin the certificate that goes with it, or its public key (openssl "
                + "pkey -in " + enc + " -pubout -out key.pub)"), r.err);
    }

    @Test
    void pinConnectToNothingExitsTwoWithOneLineAndNoTlsLibraryChatter() {
        int nobody = FreePorts.next();
        Processes.Result r = CliProcess.run(dir, "pin", "--connect", "127.0.0.1:" + nobody, "--timeout", "2s");
        assertEquals(2, r.exitCode(), r.all());
        assertEquals(List.of("error: cannot get the chain of 127.0.0.1:" + nobody + ": Connection refused"), r.stderr().lines().toList(),
                r.stderr());
    }

    @Test
    void echoWithAnUnusableListenAddressSaysWhatToGiveInsteadOfAStackTrace() {
        CliRun barePort = CliRun.of("echo", "--listen", "9000");
        assertEquals(2, barePort.exitCode, barePort.toString());
        assertTrue(barePort.err.startsWith("error: --listen '9000' is a port without a host"), barePort.err);
        assertFalse(barePort.err.contains("\tat "), barePort.err);
        // 192.0.2.0/24 is TEST-NET-1: no host has it. Its own JVM: echo installs SIGTERM/SIGINT handlers.
        Processes.Result notHere = CliProcess.run(dir, "echo", "--listen", "192.0.2.1:" + FreePorts.next());
        assertEquals(1, notHere.exitCode(), notHere.all());
        assertTrue(notHere.stderr().contains(": this host has no address 192.0.2.1; give --listen an address of this host"),
                notHere.stderr());
    }

    @Test
    void hardenWithAProcSysThatIsNotThereSaysSoInsteadOfCallingEverySysctlAbsentFromTheKernel() {
        CliRun r = CliRun.of("harden", "--check", "--proc-sys", dir.resolve("nope").toString());
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("--proc-sys " + dir.resolve("nope") + " is not a directory"), r.err);
        assertFalse(r.out.contains("not on this kernel"), r.out);
    }

    @Test
    void fleetJsonWithoutOncePrintsOneSnapshotForScriptsInsteadOfTheLiveTable() throws Exception {
        try (io.securelink.appliance.support.InJvmBroker broker = io.securelink.appliance.support.InJvmBroker.start()) {
            Processes.Result r = CliProcess.run(dir, "fleet", "--broker", broker.url(), "--json", "--wait", "0s");
            assertEquals(0, r.exitCode(), r.all());
            assertTrue(StatusJson.parse(r.stdout().getBytes(StandardCharsets.UTF_8)).isArray(), r.stdout());
            assertFalse(r.stdout().contains("\033[2J"), r.stdout());
        }
    }

    @Test
    void aBadAuditLogTuningPropertyIsRefusedByNameWithoutAStackTrace() {
        Processes.Result r = CliProcess.runWithJvmOptions(dir, List.of("-Dsecurelink.audit.max-file-bytes=600"),
                "run", "--config", config.toString());
        assertEquals(1, r.exitCode(), r.all());
        assertTrue(r.stderr().contains("error: -Dsecurelink.audit.max-file-bytes=600 is not usable: it is the bytes of a log file "
                + "before it is rotated, a whole number of at least 4096"), r.stderr());
        assertFalse(r.stderr().contains("\tat "), r.stderr());
        Processes.Result word = CliProcess.runWithJvmOptions(dir, List.of("-Dsecurelink.audit.checkpoint-every=often"),
                "run", "--config", config.toString());
        assertEquals(1, word.exitCode(), word.all());
        assertTrue(word.stderr().contains("-Dsecurelink.audit.checkpoint-every=often is not usable"), word.stderr());
    }
}
