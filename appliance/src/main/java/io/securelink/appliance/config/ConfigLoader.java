package io.securelink.appliance.config;

import io.securelink.crypto.CertificateSummary;
import io.securelink.crypto.CryptoException;
import io.securelink.crypto.Credentials;
import io.securelink.crypto.IdentityAllowList;
import io.securelink.crypto.IdentityFormatException;
import io.securelink.crypto.KeyMaterialException;
import io.securelink.crypto.PemFiles;
import io.securelink.crypto.PinFormatException;
import io.securelink.crypto.PinSet;
import io.securelink.crypto.SpkiPin;
import io.securelink.crypto.TrustBundle;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a YAML config file into a validated {@link ApplianceConfig}: syntax, unknown keys, types, every
 * file it names (readable, key matching certificate, key not world-readable), pins, identities and
 * cross-link conflicts. All problems are collected and thrown together so one run of
 * {@code check-config} lists everything to fix. Does file I/O: never call it on an event loop.
 */
public final class ConfigLoader {
    static final long MAX_CONFIG_BYTES = 1 << 20;
    private static final Pattern APPLIANCE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern LINK_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final List<String> SUPPORTED_VERSIONS = List.of("TLSv1.3", "TLSv1.2");

    private ConfigLoader() {
    }

    /** The config and the warnings that do not stop it from running (e.g. a link that accepts nobody). */
    public record Loaded(ApplianceConfig config, List<ConfigProblem> warnings) {
    }

    public static ApplianceConfig load(Path file) throws ConfigException {
        return loadWithWarnings(file).config();
    }

    public static Loaded loadWithWarnings(Path file) throws ConfigException {
        Path source = file.toAbsolutePath().normalize();
        List<ConfigProblem> problems = new ArrayList<>();
        List<ConfigProblem> warnings = new ArrayList<>();
        String text;
        try {
            if (Files.size(source) > MAX_CONFIG_BYTES) {
                throw new ConfigException(List.of(new ConfigProblem(source, 0, 0, "", "config file is larger than 1 MiB")));
            }
            text = Files.readString(source, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(new ConfigProblem(source, 0, 0, "", "config file does not exist")));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(source, 0, 0, "", "cannot read config file: " + e.getMessage())));
        }
        Node root = parseYaml(source, text);
        YamlSection top = new YamlSection(source, "", root, problems);
        Context ctx = new Context(source.getParent(), problems, warnings, new java.util.TreeSet<>());
        ctx.files().add(source);

        ApplianceSection appliance = readAppliance(top.section("appliance"), ctx);
        if (appliance != null && appliance.devPki()) {
            try {
                DevPki.ensure(appliance.stateDir().resolve("dev-pki"));
            } catch (IOException | CryptoException e) {
                top.problem("appliance", "cannot generate the dev PKI in " + appliance.stateDir().resolve("dev-pki") + ": " + e.getMessage());
            }
        }
        Map<String, LinkConfig> links = readLinks(top.section("links"), ctx);
        Optional<StatusConfig> status = Optional.empty();
        if (top.has("status")) {
            YamlSection statusSection = top.section("status");
            status = StatusConfigReader.read(statusSection.section("mqtt"), ctx, appliance == null ? "" : appliance.id());
            statusSection.rejectUnknownKeys();
        } else {
            top.nodeOf("status");
        }
        top.rejectUnknownKeys();
        if (!problems.isEmpty()) {
            problems.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) : Integer.compare(a.column(), b.column()));
            throw new ConfigException(problems);
        }
        String digest = CanonicalForm.digest(appliance, links, status);
        Set<Path> files = new java.util.TreeSet<>();
        for (Path p : ctx.files()) {
            if (Files.isRegularFile(p)) {
                files.add(p);
            }
        }
        return new Loaded(new ApplianceConfig(source, appliance, Map.copyOf(links), status, digest, files), List.copyOf(warnings));
    }

    /**
     * Where a config keeps its state (and control socket), read without validating anything else, so the
     * CLI can reach a running appliance even while the file on disk is broken.
     */
    public static Path stateDirOf(Path file) throws ConfigException {
        Path source = file.toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(source, 0, 0, "", "cannot read config file: " + e.getMessage())));
        }
        List<ConfigProblem> ignored = new ArrayList<>();
        YamlSection appliance = new YamlSection(source, "", parseYaml(source, text), ignored).section("appliance");
        return appliance.string("state-dir").map(p -> source.getParent().resolve(p).normalize()).orElse(Path.of("/var/lib/securelink"));
    }

    /** {@code key: [2001:db8::1]:443} unquoted: YAML reads the brackets as a list and fails. */
    private static final java.util.regex.Pattern UNQUOTED_IPV6 = java.util.regex.Pattern.compile(":\\s*\\[[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*\\]:\\d");

    private static String lineAt(String text, int zeroBasedLine) {
        String[] lines = text.split("\\R", -1);
        return zeroBasedLine >= 0 && zeroBasedLine < lines.length ? lines[zeroBasedLine] : "";
    }

    private static Node parseYaml(Path source, String text) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit((int) MAX_CONFIG_BYTES);
        options.setAllowDuplicateKeys(false);
        try {
            Node root = new Yaml(options).compose(new StringReader(text));
            if (root == null) {
                throw new ConfigException(List.of(new ConfigProblem(source, 0, 0, "", "config file is empty")));
            }
            return root;
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = (e.getContext() == null ? "" : e.getContext() + ": ") + e.getProblem();
            if (m != null && UNQUOTED_IPV6.matcher(lineAt(text, m.getLine())).find()) {
                what += " (an IPv6 address in brackets must be quoted, e.g. listen: \"[::1]:5061\")";
            }
            throw new ConfigException(List.of(m == null
                    ? new ConfigProblem(source, 0, 0, "", "YAML syntax error: " + what)
                    : new ConfigProblem(source, m.getLine() + 1, m.getColumn() + 1, "", "YAML syntax error: " + what)));
        } catch (YAMLException e) {
            throw new ConfigException(List.of(new ConfigProblem(source, 0, 0, "", "YAML error: " + e.getMessage())));
        }
    }

    /** Where relative paths resolve, and where problems and warnings accumulate. */
    record Context(Path baseDir, List<ConfigProblem> problems, List<ConfigProblem> warnings, Set<Path> files) {
        Path resolve(String p) {
            Path r = baseDir.resolve(p).normalize();
            files.add(r);
            return r;
        }
    }

    private static ApplianceSection readAppliance(YamlSection s, Context ctx) {
        if (!s.has("id") && !s.has("site") && !s.has("state-dir") && s.keys().isEmpty()) {
            s.problemHere("section 'appliance' is required (id, site, state-dir)");
            return null;
        }
        Optional<String> id = s.required("id");
        id.filter(v -> !APPLIANCE_ID.matcher(v).matches())
                .ifPresent(v -> s.problem("id", "'" + v + "' must be 1-63 lower-case letters, digits and '-', starting with a letter or digit"));
        Optional<String> site = s.required("site");
        // Both become MQTT topic levels: no '/', '+', '#', spaces or control bytes can reach a topic.
        site.filter(v -> !APPLIANCE_ID.matcher(v).matches())
                .ifPresent(v -> s.problem("site", "'" + v + "' must be 1-63 lower-case letters, digits and '-', starting with a letter or digit"));
        Path stateDir = s.string("state-dir").map(ctx::resolve).orElse(Path.of("/var/lib/securelink"));
        boolean devPki = s.parsed("dev-pki", ConfigLoader::bool, false);
        s.rejectUnknownKeys();
        return new ApplianceSection(id.orElse(""), site.orElse(""), stateDir, devPki);
    }

    static boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("'" + v + "' is not true or false");
        };
    }

    private static Map<String, LinkConfig> readLinks(YamlSection s, Context ctx) {
        Map<String, LinkConfig> links = new LinkedHashMap<>();
        for (String name : s.keys()) {
            YamlSection ls = s.section(name);
            if (!LINK_NAME.matcher(name).matches()) {
                s.problem(name, "link name '" + name + "' must be lower-case letters, digits and '-' (at most 63)");
            }
            LinkConfig link = readLink(name, ls, ctx);
            if (link == null) {
                continue;
            }
            for (LinkConfig other : links.values()) {
                if (other.listen().port() == link.listen().port()
                        && (other.listen().host().equals(link.listen().host()) || other.listen().isWildcard() || link.listen().isWildcard())) {
                    ls.problem("listen", "link '" + name + "' listens on " + link.listen()
                            + ", which link '" + other.name() + "' already uses (" + other.listen() + ")");
                }
            }
            links.put(name, link);
        }
        return links;
    }

    private static LinkConfig readLink(String name, YamlSection s, Context ctx) {
        int before = ctx.problems().size();
        Optional<LinkMode> mode = s.required("mode").flatMap(v -> {
            try {
                return Optional.of(LinkMode.valueOf(v.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                s.problem("mode", "'" + v + "' is not a mode (server or client)");
                return Optional.empty();
            }
        });
        Optional<HostPort> listen = s.required("listen").isPresent() ? s.parsed("listen", HostPort::parse) : Optional.empty();
        Optional<HostPort> forward = s.parsed("forward", HostPort::parse);
        List<HostPort> connect = new ArrayList<>();
        for (YamlSection.Located l : s.list("connect")) {
            try {
                connect.add(HostPort.parse(l.value()));
            } catch (IllegalArgumentException e) {
                s.add(s.problemAt(l.mark(), l.field(), e.getMessage()));
            }
        }
        LinkMode m = mode.orElse(null);
        PolicyConfig policy = PolicyConfigReader.read(s.section("policy"), m, ctx);
        if (m == LinkMode.SERVER) {
            if (!connect.isEmpty()) {
                s.problem("connect", "only client-mode links connect out; a server link forwards (use 'forward')");
            }
            if (forward.isEmpty() && !s.has("forward") && policy.routes().isEmpty()) {
                s.problem("forward", "a server link needs 'forward' (or policy routes)");
            }
        } else if (m == LinkMode.CLIENT) {
            if (s.has("forward")) {
                s.problem("forward", "only server-mode links forward; a client link uses 'connect'");
            }
            if (connect.isEmpty() && !s.has("connect")) {
                s.problem("connect", "a client link needs at least one endpoint in 'connect'");
            }
        }
        Timeouts timeouts = readTimeouts(s.section("timeouts"));
        TlsConfig tls = null;
        if (!s.has("tls")) {
            s.problem("tls", "is required");
            s.nodeOf("tls");
        } else {
            tls = TlsConfigReader.read(name, s.section("tls"), m, connect, ctx);
        }
        s.rejectUnknownKeys();
        if (ctx.problems().size() > before || m == null || listen.isEmpty() || tls == null) {
            return null;
        }
        return new LinkConfig(name, m, listen.get(), forward, List.copyOf(connect), tls, timeouts, policy);
    }

    private static Timeouts readTimeouts(YamlSection s) {
        Timeouts d = Timeouts.DEFAULTS;
        Duration handshake = positive(s, "handshake", d.handshake());
        Duration connect = positive(s, "connect", d.connect());
        Duration idle = positive(s, "idle", d.idle());
        Duration drain = s.parsed("drain", Durations::parse, d.drain());
        s.rejectUnknownKeys();
        return new Timeouts(handshake, connect, idle, drain);
    }

    static Duration positive(YamlSection s, String key, Duration fallback) {
        Duration v = s.parsed(key, Durations::parse, fallback);
        if (v.isZero()) {
            s.problem(key, "must be greater than zero");
            return fallback;
        }
        return v;
    }

    /** Reads a PEM/P12 credential pair, checking the key file's mode first. */
    static Optional<Credentials> credentials(YamlSection s, Path cert, Path key, Optional<Path> passFile) {
        boolean ok = readable(s, "certificate", cert) & readable(s, "key", key);
        char[] pass = null;
        if (passFile.isPresent()) {
            if (!readable(s, "key-passphrase-file", passFile.get())) {
                return Optional.empty();
            }
            if (!secretMode(s, "key-passphrase-file", passFile.get())) {
                ok = false;
            }
            try {
                String p = Files.readString(passFile.get(), StandardCharsets.UTF_8);
                pass = p.strip().toCharArray();
            } catch (IOException e) {
                s.problem("key-passphrase-file", "cannot read " + passFile.get() + ": " + e.getMessage());
                return Optional.empty();
            }
        }
        if (!ok) {
            return Optional.empty();
        }
        if (!secretMode(s, "key", key)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Credentials.load(cert, key, pass));
        } catch (KeyMaterialException e) {
            s.problem("key", e.getMessage());
            return Optional.empty();
        } finally {
            if (pass != null) {
                Arrays.fill(pass, '\0');
            }
        }
    }

    static boolean readable(YamlSection s, String field, Path p) {
        if (!Files.exists(p)) {
            s.problem(field, "file " + p + " does not exist");
            return false;
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            s.problem(field, "file " + p + " is not a readable file");
            return false;
        }
        return true;
    }

    /** Files holding secrets must not be readable by others (group is allowed: root:securelink 0640). */
    static boolean secretMode(YamlSection s, String field, Path p) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                s.problem(field, p + " holds a secret but is accessible to every user (mode "
                        + java.nio.file.attribute.PosixFilePermissions.toString(perms) + "); run: chmod 600 " + p);
                return false;
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: nothing to check.
        }
        return true;
    }

    static List<X509Certificate> trustBundle(YamlSection s, String field, Path p) {
        if (!readable(s, field, p)) {
            return List.of();
        }
        try {
            return TrustBundle.load(p);
        } catch (KeyMaterialException e) {
            s.problem(field, e.getMessage());
            return List.of();
        }
    }

    /** The {@code pins} and {@code pin-certificates} entries of a TLS section, merged into one set. */
    static PinSet pins(YamlSection s, Context ctx) {
        Set<SpkiPin> pins = new LinkedHashSet<>();
        for (YamlSection.Located l : s.list("pins")) {
            try {
                pins.add(SpkiPin.parse(l.value()));
            } catch (PinFormatException e) {
                s.add(s.problemAt(l.mark(), l.field(), e.getMessage()));
            }
        }
        for (YamlSection.Located l : s.list("pin-certificates")) {
            Path p = ctx.resolve(l.value());
            if (!Files.isReadable(p)) {
                s.add(s.problemAt(l.mark(), l.field(), "file " + p + " does not exist or is not readable"));
                continue;
            }
            try {
                for (X509Certificate c : PemFiles.readCertificates(p)) {
                    pins.add(SpkiPin.of(c));
                    if (c.getBasicConstraints() >= 0) {
                        ctx.warnings().add(s.problemAt(l.mark(), l.field(), CaPinWarning.message(p, c)));
                    }
                }
            } catch (KeyMaterialException e) {
                s.add(s.problemAt(l.mark(), l.field(), e.getMessage()));
            }
        }
        return PinSet.of(pins);
    }

    static IdentityAllowList identities(YamlSection s, String key) {
        List<String> values = new ArrayList<>();
        for (YamlSection.Located l : s.list(key)) {
            try {
                IdentityAllowList.parse(List.of(l.value()));
                values.add(l.value());
            } catch (IdentityFormatException e) {
                s.add(s.problemAt(l.mark(), l.field(), e.getMessage()));
            }
        }
        try {
            return IdentityAllowList.parse(values);
        } catch (IdentityFormatException e) {
            throw new IllegalStateException("identities validated one by one", e);
        }
    }

    static List<String> versions(YamlSection s) {
        List<YamlSection.Located> raw = s.list("versions");
        if (raw.isEmpty()) {
            return SUPPORTED_VERSIONS;
        }
        List<String> out = new ArrayList<>();
        for (YamlSection.Located l : raw) {
            String v = switch (l.value().trim()) {
                case "TLSv1.3", "1.3", "tls1.3" -> "TLSv1.3";
                case "TLSv1.2", "1.2", "tls1.2" -> "TLSv1.2";
                default -> null;
            };
            if (v == null) {
                s.add(s.problemAt(l.mark(), l.field(), "'" + l.value() + "' is not supported (TLSv1.3 or TLSv1.2 only)"));
            } else if (!out.contains(v)) {
                out.add(v);
            }
        }
        out.sort((a, b) -> Integer.compare(SUPPORTED_VERSIONS.indexOf(a), SUPPORTED_VERSIONS.indexOf(b)));
        return List.copyOf(out);
    }

    static String describe(X509Certificate c) {
        return CertificateSummary.of(c).toString();
    }
}
