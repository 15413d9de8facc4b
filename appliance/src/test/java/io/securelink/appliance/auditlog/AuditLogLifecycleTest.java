package io.securelink.appliance.auditlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.daemon.ApplianceLifecycle;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.support.CliRun;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.RawConnection;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The appliance writes its audit log end to end: start, a reload, a refused connection, stop; the CLI verifies it. */
class AuditLogLifecycleTest {
    @TempDir
    Path dir;

    private static String config(int port, int backend, int maxConnections) {
        return """
                appliance: { id: audit-e2e, site: lab, state-dir: state }
                links:
                  edge-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:%d
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt, pin-certificates: [site.crt] }
                    policy: { sources: ["10.0.0.0/8"], max-connections: %d }
                """.formatted(port, backend, maxConnections);
    }

    @Test
    void startReloadRefusalAndStopAreRecordedAndTheLogVerifies() throws Exception {
        TestPki pki = new TestPki(dir);
        pki.server("server");
        pki.client("site", "spiffe://site/1");
        int port = FreePorts.next();
        int backend = FreePorts.next();
        RunningLifecycle app = RunningLifecycle.start(dir, config(port, backend, 100));
        String before;
        String after;
        try {
            assertTrue(RawConnection.closedWithoutAnswer(port));
            app.events.await(e -> e.type() == EventType.CONNECTION_DENIED, "connection from 127.0.0.1 denied");
            app.rewrite(config(port, backend, 200));
            ApplianceLifecycle.ReloadOutcome o = app.lifecycle.reload("test");
            assertTrue(o.applied(), o.toString());
            before = o.digestBefore();
            after = o.digestAfter();
        } finally {
            app.close();
        }
        Path audit = dir.resolve("state").resolve("audit");
        CliRun verify = CliRun.of("audit-log", "verify", audit.toString(), "--cert", audit.resolve(AuditSigningKey.CERT_FILE).toString());
        assertEquals(0, verify.exitCode, verify.toString());

        List<RecordLines.Parsed> recs = new ArrayList<>();
        for (String l : Files.readAllLines(audit.resolve(AuditLogFiles.CURRENT), StandardCharsets.UTF_8)) {
            recs.add(RecordLines.parse(l).orElseThrow());
        }
        List<String> types = recs.stream().map(RecordLines.Parsed::type).toList();
        assertEquals("audit-opened", types.get(0));
        assertTrue(types.indexOf("started") < types.indexOf("reload-applied"), types.toString());
        assertTrue(types.indexOf("reload-applied") < types.indexOf("stopping"), types.toString());
        RecordLines.Parsed reload = recs.get(types.indexOf("reload-applied"));
        assertEquals(before, reload.fields().get("digest-before"));
        assertEquals(after, reload.fields().get("digest-after"));
        assertEquals("test", reload.fields().get("trigger"));
        RecordLines.Parsed denied = recs.stream().filter(p -> p.type().equals("denials-summary")).findFirst().orElseThrow();
        assertEquals("connection-denied", denied.fields().get("event"));
        assertEquals("edge-in", denied.fields().get("link"));
        assertEquals("1", denied.fields().get("count"));
        assertTrue(denied.fields().get("sources").contains("127.0.0.1"), denied.fields().toString());
        RecordLines.Parsed last = recs.get(recs.size() - 1);
        assertEquals(RecordLines.CHECKPOINT, last.type());
        assertEquals("true", last.fields().get("final"));
    }
}
