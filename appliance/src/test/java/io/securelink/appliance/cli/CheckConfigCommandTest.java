package io.securelink.appliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.config.DevPki;
import io.securelink.appliance.support.CliProcess;
import io.securelink.appliance.support.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code securelink check-config} only reads: on a fresh copy of the lab it writes nothing and says what {@code run} will make. */
class CheckConfigCommandTest {
    @TempDir
    Path dir;

    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                String rel = root.relativize(p).toString();
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                String content = Files.isRegularFile(p)
                        ? HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))) : "dir";
                m.put(rel, mode + " " + content + " " + Files.getLastModifiedTime(p));
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        return m;
    }

    private Path freshLabCopy() throws IOException {
        Path lab = dir.resolve("lab");
        Files.createDirectories(lab);
        Files.copy(Path.of("..", "lab", "securelink.yaml"), lab.resolve("securelink.yaml"));
        return lab;
    }

    @Test
    void checkingAFreshLabConfigWritesNothingAndSaysRunMakesTheDevPki() throws Exception {
        Path lab = freshLabCopy();
        Map<String, String> before = tree(lab);
        Processes.Result r = CliProcess.run(lab, "check-config", "--config", "securelink.yaml");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals(before, tree(lab), "check-config changed the folder\n" + r.all());
        assertTrue(r.stdout().contains("the dev PKI does not exist yet: `securelink run` generates it in "
                + lab.toRealPath().resolve("state/dev-pki")), r.all());
        assertTrue(r.stdout().contains("OK, 2 link(s)"), r.all());
    }

    @Test
    void checkingAFreshLabConfigGeneratesNoKeysAnywhere() throws Exception {
        // Not even a throw-away PKI in the temporary folder: no certificate authority is started at all.
        Path lab = freshLabCopy();
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path classes = dir.resolve("classes.log");
        Map<String, String> before = tree(lab);
        Processes.Result r = CliProcess.runWithJvmOptions(lab, java.util.List.of("-Djava.io.tmpdir=" + tmp,
                "-Xlog:class+load=info:file=" + classes), "check-config", "--config", "securelink.yaml");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals(before, tree(lab), r.all());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(java.util.List.of(), left.toList(), "check-config wrote into the temporary folder");
        }
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains("io.securelink.appliance.cli.CheckConfigCommand "), "the class log is not the run's");
        assertFalse(loaded.contains("io.securelink.crypto.CertificateAuthority "), "check-config started a certificate authority");
        assertTrue(r.stdout().contains("checked by name only; nothing was generated or written"), r.all());
        assertTrue(r.stdout().contains("OK, 2 link(s), no digest until the dev PKI exists"), r.all());
    }

    @Test
    void aFreshLabConfigNamingDevPkiFilesThatWillNotBeMadeOrWillNotPairGetsClearErrors() throws Exception {
        Path lab = freshLabCopy();
        Path cfg = lab.resolve("securelink.yaml");
        String yaml = Files.readString(cfg);
        Files.writeString(cfg, yaml
                .replace("key: state/dev-pki/server.key", "key: state/dev-pki/client.key")
                .replace("pin-certificates: [state/dev-pki/client-leaf.crt]", "pin-certificates: [state/dev-pki/nope.crt]")
                .replace("trust: state/dev-pki/ca.crt\n      pin-certificates: [state/dev-pki/server-leaf.crt]",
                        "trust: state/dev-pki/ca.pem\n      pin-certificates: [state/dev-pki/server-leaf.crt]"));
        Map<String, String> before = tree(lab);
        Processes.Result r = CliProcess.run(lab, "check-config", "--config", "securelink.yaml");
        assertEquals(1, r.exitCode(), r.all());
        assertEquals(before, tree(lab), r.all());
        Path pki = lab.toRealPath().resolve("state/dev-pki");
        assertTrue(r.stdout().contains("links.lab-in.tls.key: " + pki.resolve("client.key") + " will not belong to "
                + pki.resolve("server.crt") + ": the dev PKI generates server.key for it"), r.all());
        assertTrue(r.stdout().contains("links.lab-in.tls.pin-certificates[0]: file " + pki.resolve("nope.crt")
                + " is not one the dev PKI will generate (it makes ca.crt, ca.key, server.crt"), r.all());
        assertTrue(r.stdout().contains("links.lab-out.tls.trust: file " + pki.resolve("ca.pem") + " is not one the dev PKI will generate"),
                r.all());
        assertTrue(r.stdout().contains("3 problem(s)"), r.all());
    }

    @Test
    void aFreshLabConfigKeepsItsPinChecksWhileThePinsAreNotKnownYet() throws Exception {
        Path lab = freshLabCopy();
        Path cfg = lab.resolve("securelink.yaml");
        String yaml = Files.readString(cfg);
        // client-auth none cannot enforce pins, even pins of files run has not made yet
        Files.writeString(cfg, yaml.replace("client-auth: required", "client-auth: none"));
        Processes.Result none = CliProcess.run(lab, "check-config", "--config", "securelink.yaml");
        assertEquals(1, none.exitCode(), none.all());
        assertTrue(none.stdout().contains("'none' cannot enforce the pins or peers of link 'lab-in'"), none.all());
        // pinning the lab CA's file is warned about before the file exists, as after
        Files.writeString(cfg, yaml.replace("pin-certificates: [state/dev-pki/client-leaf.crt]", "pin-certificates: [state/dev-pki/ca.crt]"));
        Processes.Result ca = CliProcess.run(lab, "check-config", "--config", "securelink.yaml");
        assertEquals(0, ca.exitCode(), ca.all());
        assertTrue(ca.stdout().contains("pins a CA certificate: ca.crt holds CN=securelink lab CA (a CA)"), ca.all());
    }

    @Test
    void runMakesTheDevPkiBeforeLoadingAndCheckConfigThenFindsItWithoutWriting() throws Exception {
        Path lab = freshLabCopy();
        Path cfg = lab.resolve("securelink.yaml");
        String yaml = Files.readString(cfg);
        for (String port : new String[] {"7000", "8443", "9000"}) {
            yaml = yaml.replace("127.0.0.1:" + port, "127.0.0.1:" + io.securelink.appliance.support.FreePorts.next());
        }
        Files.writeString(cfg, yaml);
        io.securelink.appliance.daemon.ApplianceLifecycle run = new io.securelink.appliance.daemon.ApplianceLifecycle(cfg);
        try {
            run.init();
        } finally {
            run.destroy();
        }
        assertTrue(DevPki.exists(lab.resolve("state/dev-pki")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(lab.resolve("state/dev-pki/server.key"))));
        Map<String, String> made = tree(lab);
        Processes.Result r = CliProcess.run(lab, "check-config", "--config", "securelink.yaml");
        assertEquals(0, r.exitCode(), r.all());
        assertFalse(r.stdout().contains("does not exist yet"), r.all());
        assertEquals(made, tree(lab));
    }

    @Test
    void aMisIndentedKeyIsNamedWithTheIndentationOfTheKeyAboveIt() throws Exception {
        Path cfg = dir.resolve("indent.yaml");
        Files.writeString(cfg, """
                appliance: { id: x, site: lab, state-dir: state }
                links:
                  a:
                    mode: server
                   listen: 127.0.0.1:1
                    forward: 127.0.0.1:2
                """);
        io.securelink.appliance.support.CliRun r = io.securelink.appliance.support.CliRun.of("check-config", "--config", cfg.toString());
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.out.startsWith("error: " + cfg + ":5:4: YAML syntax error: "), r.out);
        assertTrue(r.out.contains("'listen' on line 5 looks mis-indented (3 spaces; 'mode' above it has 4)"), r.out);
    }

    @Test
    void versionPrintsOnlyToStdout() {
        Processes.Result r = CliProcess.run(dir, "version");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("", r.stderr(), "no log line on stderr");
        assertTrue(r.stdout().startsWith("securelink "), r.all());
    }

    @Test
    void jsonSaysOkLinksDigestAndEveryProblemWithItsPosition() throws Exception {
        Path lab = freshLabCopy();
        io.securelink.appliance.support.CliRun ok = io.securelink.appliance.support.CliRun.of("check-config", "--json", "--config",
                lab.resolve("securelink.yaml").toString());
        assertEquals(0, ok.exitCode, ok.toString());
        var j = io.securelink.appliance.status.StatusJson.parse(ok.out.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(j.path("ok").asBoolean(), ok.out);
        assertEquals(2, j.path("links").asInt(), ok.out);
        assertTrue(j.path("digest").isNull(), "no digest before the dev PKI exists: " + ok.out);
        assertEquals("appliance.dev-pki", j.path("warnings").path(0).path("field").asText(), ok.out);
        DevPki.ensure(lab.resolve("state").resolve(DevPki.FOLDER));
        io.securelink.appliance.support.CliRun made = io.securelink.appliance.support.CliRun.of("check-config", "--json", "--config",
                lab.resolve("securelink.yaml").toString());
        assertEquals(0, made.exitCode, made.toString());
        var m = io.securelink.appliance.status.StatusJson.parse(made.out.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(64, m.path("digest").asText().length(), made.out);
        assertEquals(0, m.path("warnings").size(), made.out);
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "appliance: { id: x, site: lab }\nlinks:\n  a: { mode: sideways }\n");
        io.securelink.appliance.support.CliRun no = io.securelink.appliance.support.CliRun.of("check-config", "--json", "--config", bad.toString());
        assertEquals(1, no.exitCode, no.toString());
        var n = io.securelink.appliance.status.StatusJson.parse(no.out.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertFalse(n.path("ok").asBoolean(), no.out);
        assertTrue(n.path("problems").size() >= 1 && n.path("problems").path(0).path("line").asInt() == 3, no.out);
    }
}
