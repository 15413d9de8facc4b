package io.securelink.appliance.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a YAML config file into a validated {@link ApplianceConfig}: syntax, unknown keys, types, every
 * file it names (readable, key matching certificate, key not world-readable), pins, identities and
 * cross-link conflicts. All problems are collected and thrown together so one run of
 * {@code check-config} lists everything to fix. The sections are read by {@link TlsConfigReader},
 * {@link PolicyConfigReader} and {@link StatusConfigReader}, key material by {@link TlsFields}. Reads
 * files, never writes one. Does file I/O: never call it on an event loop.
 */
public final class ConfigLoader {
    static final long MAX_CONFIG_BYTES = 1 << 20;
    /** Compiled on first use: {@code status} reads only the state folder and needs none of them. */
    private static final class Patterns {
        static final Pattern APPLIANCE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
        static final Pattern LINK_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
        /** {@code key: [2001:db8::1]:443} unquoted: YAML reads the brackets as a list and fails. */
        static final Pattern UNQUOTED_IPV6 = Pattern.compile(":\\s*\\[[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*\\]:\\d");
    }

    private ConfigLoader() {
    }

    /**
     * The config and the warnings that do not stop it from running (e.g. a link that accepts nobody).
     * {@code pendingDevPki} is the dev PKI folder when {@link #check} found it not made yet: then the files
     * named in it were checked by name only, the links carry no credentials, anchors or real pins, and
     * the digest is empty (it would change once {@code run} makes the PKI); such a config only reports.
     */
    public record Loaded(ApplianceConfig config, List<ConfigProblem> warnings, Optional<Path> pendingDevPki) {
        public Loaded(ApplianceConfig config, List<ConfigProblem> warnings) {
            this(config, warnings, Optional.empty());
        }
    }

    public static ApplianceConfig load(Path file) throws ConfigException {
        return loadWithWarnings(file).config();
    }

    public static Loaded loadWithWarnings(Path file) throws ConfigException {
        return loadWithWarnings(file, false, false);
    }

    /**
     * For {@code check-config}: like {@link #loadWithWarnings(Path)}, but a {@code dev-pki: true} config
     * whose dev PKI does not exist yet is not checked against a generated stand-in: the files it names
     * in the dev PKI folder are checked by name against what {@code run} will generate there (which
     * certificate goes with which key, which file holds the CA), everything else as usual, and nothing is
     * generated or written. See {@link Loaded#pendingDevPki()}.
     */
    public static Loaded check(Path file) throws ConfigException {
        return loadWithWarnings(file, false, true);
    }

    /**
     * For {@code audit}: like {@link #loadWithWarnings(Path)}, but a secret file readable by every user is
     * a warning, not a problem, so the audit can report it (as {@code files.secret-world-accessible})
     * together with every other finding. {@code run} and {@code check-config} refuse such a file.
     */
    public static Loaded loadLeniently(Path file) throws ConfigException {
        return loadWithWarnings(file, true, false);
    }

    private static Loaded loadWithWarnings(Path file, boolean lenientSecrets, boolean checkOnly) throws ConfigException {
        Path source = file.toAbsolutePath().normalize();
        List<ConfigProblem> problems = new ArrayList<>();
        List<ConfigProblem> warnings = new ArrayList<>();
        String text;
        try {
            if (Files.size(source) > MAX_CONFIG_BYTES) {
                throw new ConfigException(List.of(new ConfigProblem(source, 0, 0, "", "config file is larger than 1 MiB")));
            }
            text = Files.readString(source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ConfigReadFailure.of(source, e);
        }
        Node root = parseYaml(source, text);
        YamlSection top = new YamlSection(source, "", root, problems);
        Context ctx = new Context(source.getParent(), problems, warnings, new java.util.TreeSet<>(), new java.util.HashMap<>(),
                lenientSecrets, new java.util.ArrayList<>(1), new KeyMaterialReads());
        ctx.files().add(source);

        ApplianceSection appliance = readAppliance(top.section("appliance"), ctx);
        DevPkiPreview preview = null;
        if (appliance != null && appliance.devPki() && !DevPki.exists(appliance.stateDir().resolve(DevPki.FOLDER))) {
            // Loading never writes: `run` makes the dev PKI (DevPki.ensure) before it loads the config.
            Path dir = appliance.stateDir().resolve(DevPki.FOLDER);
            String notYet = "the dev PKI does not exist yet: `securelink run` generates it in " + dir;
            if (checkOnly) {
                // check-config generates nothing either: the names are checked against what run will make.
                ctx.pendingDevPki().add(dir);
                warnings.add(new ConfigProblem(source, 0, 0, "appliance.dev-pki", notYet
                        + " (the files named in it were checked by name only; nothing was generated or written)"));
            } else {
                // Audit, policy explain and firewall need a whole config: checked against a throw-away PKI of the same shape.
                try {
                    preview = DevPkiPreview.create();
                    ctx.redirects().put(dir, preview.dir());
                    warnings.add(new ConfigProblem(source, 0, 0, "appliance.dev-pki", notYet
                            + " (checked here against a temporary one; nothing was written)"));
                } catch (IOException | io.securelink.crypto.CryptoException e) {
                    top.problem("appliance", "cannot generate a dev PKI to check against: " + e.getMessage());
                }
            }
        }
        try {
            return loadRest(source, top, ctx, appliance, problems, warnings);
        } finally {
            if (preview != null) {
                preview.close();
            }
        }
    }

    private static Loaded loadRest(Path source, YamlSection top, Context ctx, ApplianceSection appliance,
            List<ConfigProblem> problems, List<ConfigProblem> warnings) throws ConfigException {
        Map<String, LinkConfig> links = readLinks(top.section("links"), ctx);
        Optional<StatusConfig> status = Optional.empty();
        if (top.has("status")) {
            YamlSection statusSection = top.section("status");
            status = StatusConfigReader.read(statusSection.section("mqtt"), ctx, appliance == null ? "" : appliance.id());
            statusSection.rejectUnknownKeys();
        } else {
            top.nodeOf("status");
        }
        Optional<HaConfig> ha = Optional.empty();
        if (top.has("ha")) {
            ha = Optional.of(readHa(top.section("ha"), ctx));
        } else {
            top.nodeOf("ha");
        }
        top.rejectUnknownKeys();
        if (!problems.isEmpty()) {
            if (appliance != null && appliance.devPki()) {
                explainMissingDevPki(problems, appliance.stateDir().resolve(DevPki.FOLDER));
            }
            problems.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) : Integer.compare(a.column(), b.column()));
            throw new ConfigException(problems);
        }
        Optional<Path> pending = ctx.pendingDevPki().stream().findFirst();
        String digest = pending.isPresent() ? "" : CanonicalForm.digest(appliance, links, status, ha);
        Set<Path> files = new java.util.TreeSet<>();
        for (Path p : ctx.files()) {
            if (Files.isRegularFile(p)) {
                files.add(p);
            }
        }
        return new Loaded(new ApplianceConfig(source, appliance, Map.copyOf(links), status, ha, digest, files), List.copyOf(warnings),
                pending);
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
            throw ConfigReadFailure.of(source, e);
        }
        List<ConfigProblem> ignored = new ArrayList<>();
        YamlSection appliance = new YamlSection(source, "", parseYaml(source, text), ignored).section("appliance");
        return appliance.string("state-dir").map(p -> source.getParent().resolve(p).normalize()).orElse(Path.of("/var/lib/securelink"));
    }

    /**
     * Where the dev PKI of a config with {@code appliance.dev-pki: true} goes, read without validating
     * anything else, so {@code run} can generate it before loading; empty when the config does not ask for one.
     */
    public static Optional<Path> devPkiFolderOf(Path file) throws ConfigException {
        Path source = file.toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ConfigReadFailure.of(source, e);
        }
        List<ConfigProblem> ignored = new ArrayList<>();
        YamlSection appliance = new YamlSection(source, "", parseYaml(source, text), ignored).section("appliance");
        boolean asked;
        try {
            asked = appliance.string("dev-pki").map(ConfigLoader::bool).orElse(false);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return asked ? Optional.of(stateDirOf(file).resolve(DevPki.FOLDER)) : Optional.empty();
    }

    /** Loading never writes: a dev PKI not generated yet is named as such, with what generates it. */
    private static void explainMissingDevPki(List<ConfigProblem> problems, Path folder) {
        if (java.nio.file.Files.exists(folder.resolve(DevPki.CLIENT_KEY))) {
            return;
        }
        problems.replaceAll(p -> p.message().contains(folder.toString()) && p.message().contains("does not exist")
                ? new ConfigProblem(p.file(), p.line(), p.column(), p.field(),
                        p.message() + " (dev-pki: 'securelink run' generates the lab PKI there on its first start)")
                : p);
    }

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
            // What Yaml.compose does, without building Yaml's object constructor and representer (unused
            // here: the config is read as nodes), which cost every CLI start that reads a config.
            Node root = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), new Resolver(), options)
                    .getSingleNode();
            if (root == null) {
                throw new ConfigException(List.of(new ConfigProblem(source, 0, 0, "", "config file is empty")));
            }
            return root;
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = (e.getContext() == null ? "" : e.getContext() + ": ") + e.getProblem();
            if (m != null && Patterns.UNQUOTED_IPV6.matcher(lineAt(text, m.getLine())).find()) {
                what += " (an IPv6 address in brackets must be quoted, e.g. listen: \"[::1]:5061\")";
            } else if (m != null && (what.contains("expected <block end>") || what.contains("mapping values are not allowed"))) {
                what += IndentationHint.at(text, m.getLine());
            }
            throw new ConfigException(List.of(m == null
                    ? new ConfigProblem(source, 0, 0, "", "YAML syntax error: " + what)
                    : new ConfigProblem(source, m.getLine() + 1, m.getColumn() + 1, "", "YAML syntax error: " + what)));
        } catch (YAMLException e) {
            throw new ConfigException(List.of(new ConfigProblem(source, 0, 0, "", "YAML error: " + e.getMessage())));
        }
    }

    /** Where relative paths resolve, and where problems and warnings accumulate. */
    record Context(Path baseDir, List<ConfigProblem> problems, List<ConfigProblem> warnings, Set<Path> files,
            Map<Path, Path> redirects, boolean lenientSecrets, List<Path> pendingDevPki, KeyMaterialReads reads) {
        /** Whether {@code p} lies in a dev PKI folder that {@code run} will fill but that does not exist yet ({@link #check}). */
        boolean pending(Path p) {
            return !pendingDevPki.isEmpty() && p.startsWith(pendingDevPki.get(0));
        }

        /** The name of a pending file directly in the dev PKI folder (where {@code run} writes), or "" for any other. */
        String pendingName(Path p) {
            return pending(p) && pendingDevPki.get(0).equals(p.getParent()) ? p.getFileName().toString() : "";
        }

        /** The file a config path names; files under a redirected folder (a dev PKI not made yet) are read from its stand-in. */
        Path resolve(String p) {
            Path r = baseDir.resolve(p).normalize();
            files.add(r);
            for (Map.Entry<Path, Path> e : redirects.entrySet()) {
                if (r.startsWith(e.getKey())) {
                    return e.getValue().resolve(e.getKey().relativize(r));
                }
            }
            return r;
        }
    }

    private static ApplianceSection readAppliance(YamlSection s, Context ctx) {
        if (!s.has("id") && !s.has("site") && !s.has("state-dir") && s.keys().isEmpty()) {
            s.problemHere("section 'appliance' is required (id, site, state-dir)");
            return null;
        }
        Optional<String> id = s.required("id");
        id.filter(v -> !Patterns.APPLIANCE_ID.matcher(v).matches())
                .ifPresent(v -> s.problem("id", "'" + v + "' must be 1-63 lower-case letters, digits and '-', starting with a letter or digit"));
        Optional<String> site = s.required("site");
        // Both become MQTT topic levels: no '/', '+', '#', spaces or control bytes can reach a topic.
        site.filter(v -> !Patterns.APPLIANCE_ID.matcher(v).matches())
                .ifPresent(v -> s.problem("site", "'" + v + "' must be 1-63 lower-case letters, digits and '-', starting with a letter or digit"));
        Path stateDir = s.string("state-dir").map(ctx::resolve).orElse(Path.of("/var/lib/securelink"));
        boolean devPki = s.parsed("dev-pki", ConfigLoader::bool, false);
        boolean watchConfig = s.parsed("watch-config", ConfigLoader::bool, true);
        s.rejectUnknownKeys();
        return new ApplianceSection(id.orElse(""), site.orElse(""), stateDir, devPki, watchConfig);
    }

    private static HaConfig readHa(YamlSection s, Context ctx) {
        Path health = s.string("health-file").map(p -> ctx.baseDir().resolve(p).normalize()).orElse(HaConfig.DEFAULT_HEALTH_FILE);
        Duration interval = positive(s, "probe-interval", HaConfig.DEFAULT_PROBE_INTERVAL);
        Duration timeout = positive(s, "probe-timeout", HaConfig.DEFAULT_PROBE_TIMEOUT);
        if (timeout.toMillis() > Integer.MAX_VALUE) {
            s.problem("probe-timeout", "is too long");
        }
        s.rejectUnknownKeys();
        return new HaConfig(health, interval, timeout);
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
            if (!Patterns.LINK_NAME.matcher(name).matches()) {
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
        TcpOptions tcp = TcpOptionsReader.read(s.section("tcp"));
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
        return new LinkConfig(name, m, listen.get(), forward, List.copyOf(connect), tls, timeouts, policy, tcp);
    }

    private static Timeouts readTimeouts(YamlSection s) {
        Timeouts d = Timeouts.DEFAULTS;
        Duration handshake = positive(s, "handshake", d.handshake());
        Duration connect = positive(s, "connect", d.connect());
        Duration idle = s.string("idle").filter(TcpOptionsReader::isOff).isPresent() ? Duration.ZERO : positive(s, "idle", d.idle());
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
}
