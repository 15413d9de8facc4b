package io.securelink.appliance.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The audit corpus: each config under {@code src/test/resources/audit/} names the findings it must
 * produce ({@code # expect: ID}, or {@code # expect: none} for no finding at all) and those it must not
 * ({@code # quiet: ID}); {@code # chmod:}, {@code # chown:} and {@code # extra:} lines set up the files.
 * The key material is generated at test time by {@link AuditPki}; each case gets a config folder holding
 * only the files its config names.
 */
class AuditCorpusTest {
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_-]+\\.(?:crt|key|pem)");
    static Path work;
    static AuditPki pki;

    @BeforeAll
    static void generate() throws IOException {
        work = Files.createTempDirectory("audit-corpus");
        pki = new AuditPki(Files.createDirectories(work.resolve("pki")));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (Stream<Path> s = Files.walk(work)) {
            s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        }
    }

    static List<String> corpus() throws IOException, URISyntaxException {
        URL url = AuditCorpusTest.class.getResource("/audit");
        try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachCorpusConfigProducesExactlyItsExpectedFindings(String name) throws Exception {
        String yaml;
        try (InputStream in = AuditCorpusTest.class.getResourceAsStream("/audit/" + name)) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path conf = Files.createDirectories(work.resolve("case-" + name.replace(".yaml", "")).resolve("conf"));
        Set<String> expect = new LinkedHashSet<>();
        Set<String> quiet = new LinkedHashSet<>();
        boolean expectNone = false;
        Set<String> files = new LinkedHashSet<>();
        for (String line : yaml.split("\n")) {
            if (!line.startsWith("#")) {
                Matcher m = FILE_NAME.matcher(line);
                while (m.find()) {
                    files.add(m.group());
                }
            }
        }
        for (String f : files) {
            Files.copy(pki.dir.resolve(f), conf.resolve(f), StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
        }
        Path config = conf.resolve("securelink.yaml");
        Files.writeString(config, yaml);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r-----"));
        for (String line : yaml.split("\n")) {
            String[] d = line.startsWith("# ") && line.contains(":") ? line.substring(2).split(":\\s*", 2) : new String[0];
            if (d.length < 2) {
                continue;
            }
            String arg = d[1].trim();
            switch (d[0]) {
                case "expect" -> {
                    if (arg.equals("none")) {
                        expectNone = true;
                    } else {
                        expect.add(arg);
                    }
                }
                case "quiet" -> quiet.add(arg);
                case "chmod" -> Files.setPosixFilePermissions(conf.resolve(arg.split(" ")[0]),
                        PosixFilePermissions.fromString(arg.split(" ")[1]));
                case "chown" -> {
                    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root");
                    UserPrincipal u = conf.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(arg.split(" ")[1]);
                    Files.setOwner(conf.resolve(arg.split(" ")[0]), u);
                }
                case "extra" -> {
                    String[] parts = arg.split(" as ");
                    Path target = conf.resolve(parts[1]);
                    Files.createDirectories(target.getParent());
                    Files.copy(pki.dir.resolve(parts[0]), target, StandardCopyOption.COPY_ATTRIBUTES);
                }
                default -> {
                    // an ordinary comment
                }
            }
        }
        List<Finding> findings = ConfigAudit.run(new AuditContext(ConfigLoader.load(config), Instant.now(), "securelink"));
        List<String> ids = new ArrayList<>(findings.stream().map(Finding::id).toList());
        String all = String.join("\n", findings.stream().map(Finding::toString).toList());
        if (expectNone) {
            assertEquals(List.of(), ids, name + " should be clean:\n" + all);
        }
        for (String id : expect) {
            assertTrue(ids.contains(id), name + " should report " + id + " but reported:\n" + all);
        }
        for (String id : quiet) {
            assertFalse(ids.contains(id), name + " must not report " + id + ":\n" + all);
        }
        assertTrue(expectNone || !expect.isEmpty(), name + " declares no expectation");
    }
}
