package io.securelink.appliance.auditlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.support.CliRun;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.LineEchoBackend;
import io.securelink.appliance.support.OpensslClient;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.SmallTmpfs;
import io.securelink.appliance.support.TestPki;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log on a full disk (a 1 MiB tmpfs this test mounts; skipped with a message where mounting is
 * refused): the links keep serving, records that cannot be written are counted, status says degraded and
 * an alert goes out; when space returns the log resumes with a signed audit-gap record (how many records
 * of which kinds, between which times) and the whole chain verifies.
 */
class AuditLogFullDiskTest {
    @TempDir
    Path dir;
    SmallTmpfs tmpfs;
    Path mount;

    @BeforeEach
    void mountTmpfs() throws Exception {
        tmpfs = SmallTmpfs.mount("i12-hostile-auditfs", "1m", "the full-disk audit log test");
        mount = tmpfs.path();
        System.setProperty("securelink.audit.retry-seconds", "2");
    }

    @AfterEach
    void unmount() throws Exception {
        System.clearProperty("securelink.audit.retry-seconds");
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    @Test
    void aFullDiskDegradesTheAuditLogWithoutStoppingLinksAndTheLossIsRecordedWhenSpaceReturns() throws Exception {
        TestPki pki = new TestPki(dir);
        pki.server("server");
        TestPki.Pair client = pki.client("voice", "spiffe://carrier/voice");
        Path state = mount.resolve("state");
        try (LineEchoBackend backend = new LineEchoBackend();
             RunningLifecycle app = RunningLifecycle.start(dir, """
                     appliance: { id: full-disk, site: lab, state-dir: %s }
                     links:
                       voice-in:
                         mode: server
                         listen: 127.0.0.1:%d
                         forward: 127.0.0.1:%d
                         tls: { certificate: server.crt, key: server.key, trust: ca.crt }
                         policy: { sources: ["127.0.0.0/8"] }
                     """.formatted(state, FreePorts.next(), backend.port()))) {
            Path filler = mount.resolve("filler");
            try (OutputStream out = Files.newOutputStream(filler)) {
                byte[] chunk = new byte[16 * 1024];
                while (true) {
                    out.write(chunk);
                    out.flush();
                }
            } catch (IOException full) {
                // The disk is full now.
            }
            for (int i = 0; i < 5; i++) {
                app.lifecycle.events().emit(Event.of(EventType.COMMAND_SERVED, "", "mqtt", "command 'status' answered",
                        Map.of("command", "status", "ok", "true", "response-topic", "securelink/v1/_cli/x/reply", "pad", "x".repeat(4000))));
            }
            app.events.await(e -> e.type() == EventType.AUDIT_DEGRADED, "the audit-degraded alert");
            assertTrue(app.lifecycle.auditLogState().startsWith("degraded:"), app.lifecycle.auditLogState());
            CliRun status = CliRun.of("status", "--config", app.configFile.toString());
            assertTrue(status.out.contains("audit log: degraded"), status.toString());
            var served = OpensslClient.send(app.port("voice-in"), client.cert(), client.key(), pki.caFile(), "while-full");
            assertTrue(served.stdout().contains("echo:while-full"), "the link keeps serving: " + served.all());

            Files.delete(filler);
            app.events.await(e -> e.type() == EventType.AUDIT_RESUMED, "the audit log resumes within the retry interval");
            assertEquals("ok", app.lifecycle.auditLogState());
        }
        String log = Files.readString(state.resolve("audit").resolve(AuditLogFiles.CURRENT));
        assertTrue(log.contains("\"type\":\"audit-gap\""), log);
        assertTrue(log.contains("command-served=5"), "the gap names what was lost, by kind: " + log);
        CliRun verify = CliRun.of("audit-log", "verify", state.resolve("audit").toString());
        assertEquals(0, verify.exitCode, verify.toString());
    }
}
