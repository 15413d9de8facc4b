package io.securelink.appliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.config.ConfigException;
import io.securelink.appliance.config.ConfigLoader;
import io.securelink.appliance.config.ConfigProblem;
import io.securelink.appliance.config.DevPki;
import io.securelink.appliance.support.CliProcess;
import io.securelink.appliance.support.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code securelink check-config} on a lab whose dev PKI exists (the case of every real appliance: all the
 * TLS material is read and checked), started as a user starts the built jar, gives the verdict {@code run}'s
 * loader gives: the same problems, word for word, or the same digest. Holds the checks whatever the start-up
 * work changes in how the material is read.
 */
class CheckConfigInPlaceVerdictTest {
    @TempDir
    Path dir;

    private Path lab;
    private String yaml;

    @BeforeEach
    void labWithItsDevPki() throws Exception {
        lab = Files.createDirectories(dir.resolve("lab"));
        yaml = Files.readString(Path.of("..", "lab", "securelink.yaml"));
        Files.writeString(lab.resolve("securelink.yaml"), yaml);
        DevPki.ensure(lab.resolve("state").resolve(DevPki.FOLDER));
    }

    /** Writes {@code text} as {@code name} in the lab, runs check-config on it and returns its output. */
    private Processes.Result check(String name, String text) throws IOException {
        Files.writeString(lab.resolve(name), text);
        return CliProcess.run(lab, "check-config", "--config", name);
    }

    /** Writes {@code text} as {@code name}, and asserts check-config refused it alike with exactly one problem; returns it. */
    private String onlyProblem(String name, String text) throws Exception {
        Processes.Result r = check(name, text);
        List<String> problems = refusedAlike(name, r);
        assertEquals(1, problems.size(), r.all());
        return problems.get(0);
    }

    /** Asserts check-config refused the config with exactly the problems run's loader reports, and returns them. */
    private List<String> refusedAlike(String name, Processes.Result r) {
        assertEquals(1, r.exitCode(), r.all());
        ConfigException run = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ConfigLoader.loadWithWarnings(lab.resolve(name)), "run's loader accepted what check-config refused");
        List<String> problems = run.problems().stream().map(ConfigProblem::toString).toList();
        List<String> printed = r.stdout().lines().filter(l -> l.startsWith("error: ")).map(l -> l.substring("error: ".length())).toList();
        assertEquals(problems, printed, r.all());
        assertTrue(r.stdout().contains(name + ": " + problems.size() + " problem(s)"), r.all());
        return problems;
    }

    @Test
    void theLabConfigIsAcceptedWithTheDigestRunComputes() throws Exception {
        Processes.Result r = check("good.yaml", yaml);
        assertEquals(0, r.exitCode(), r.all());
        String digest = ConfigLoader.loadWithWarnings(lab.resolve("good.yaml")).config().digest();
        assertTrue(r.stdout().contains("good.yaml: OK, 2 link(s), digest " + digest), r.all());
    }

    @Test
    void aKeySwappedForTheOtherLinksIsRefusedAsRunRefusesIt() throws Exception {
        String problem = onlyProblem("swapped.yaml", yaml.replace("key: state/dev-pki/server.key", "key: state/dev-pki/client.key"));
        assertTrue(problem.contains("links.lab-in.tls.key: private key in " + lab.toRealPath().resolve("state/dev-pki/client.key")
                + " does not match certificate CN=localhost in "), problem);
    }

    @Test
    void aCertificateThatIsNotTheKeysIsRefusedAsRunRefusesIt() throws Exception {
        String problem = onlyProblem("wrong-cert.yaml", yaml.replaceFirst("certificate: state/dev-pki/server.crt", "certificate: state/dev-pki/ca.crt"));
        assertTrue(problem.contains("does not match certificate CN=securelink lab CA in "), problem);
    }

    @Test
    void aTrustFileWithoutCertificatesIsRefusedAsRunRefusesIt() throws Exception {
        Files.writeString(lab.resolve("garbage.pem"), "not a certificate\n");
        String problem = onlyProblem("bad-trust.yaml", yaml.replaceFirst("trust: state/dev-pki/ca.crt", "trust: garbage.pem"));
        assertTrue(problem.contains("links.lab-in.tls.trust: no certificate in "), problem);
    }

    @Test
    void pinsThatCannotBePinsAreRefusedAsRunRefusesThem() throws Exception {
        String pinned = "pin-certificates: [state/dev-pki/client-leaf.crt]";
        Processes.Result keyFile = check("pin-key.yaml", yaml.replace(pinned, "pin-certificates: [state/dev-pki/server.key]"));
        assertTrue(refusedAlike("pin-key.yaml", keyFile).get(0).contains("no certificate in "), keyFile.all());
        Processes.Result malformed = check("pin-short.yaml", yaml.replace(pinned, "pins: [\"sha256/AAAA\"]"));
        assertTrue(refusedAlike("pin-short.yaml", malformed).get(0).contains("a SHA-256 pin must decode to 32 bytes"), malformed.all());
    }

    @Test
    void aPinOfAnotherKeyIsAcceptedButChangesTheDigestAndAPinnedCaIsWarnedAbout() throws Exception {
        String pinned = "pin-certificates: [state/dev-pki/client-leaf.crt]";
        Processes.Result good = check("good.yaml", yaml);
        Processes.Result other = check("other-pin.yaml", yaml.replace(pinned, "pin-certificates: [state/dev-pki/server-leaf.crt]"));
        assertEquals(0, other.exitCode(), other.all());
        String digest = ConfigLoader.loadWithWarnings(lab.resolve("other-pin.yaml")).config().digest();
        assertTrue(other.stdout().contains("OK, 2 link(s), digest " + digest), other.all());
        assertNotEquals(ConfigLoader.loadWithWarnings(lab.resolve("good.yaml")).config().digest(), digest, good.all());
        Processes.Result ca = check("pin-ca.yaml", yaml.replace(pinned, "pin-certificates: [state/dev-pki/ca.crt]"));
        assertEquals(0, ca.exitCode(), ca.all());
        List<String> warnings = ConfigLoader.loadWithWarnings(lab.resolve("pin-ca.yaml")).warnings().stream().map(ConfigProblem::toString).toList();
        assertEquals(warnings, ca.stdout().lines().filter(l -> l.startsWith("warning: ")).map(l -> l.substring("warning: ".length())).toList(),
                ca.all());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("pins a CA certificate")), ca.all());
    }
}
