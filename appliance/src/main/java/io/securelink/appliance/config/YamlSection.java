package io.securelink.appliance.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML mapping read field by field while remembering where each value stood, so every problem can
 * be reported with file, line, column and dotted field path. Keys never read are reported as unknown
 * by {@link #rejectUnknownKeys()}, which is how typos in a config surface instead of being ignored.
 */
final class YamlSection {
    private final Path file;
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> read = new LinkedHashSet<>();
    /** Every key this section's reader looked for, read or only tested with {@link #has}: the keys it takes. */
    private final Set<String> asked = new LinkedHashSet<>();
    private final List<ConfigProblem> problems;

    YamlSection(Path file, String path, Node node, List<ConfigProblem> problems) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.problems = problems;
        if (node instanceof MappingNode mapping) {
            for (NodeTuple t : mapping.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    if (entries.putIfAbsent(k.getValue(), t) != null) {
                        problemAt(t.getKeyNode(), field(k.getValue()), "duplicate key '" + k.getValue() + "'");
                    }
                } else {
                    problemAt(t.getKeyNode(), path, "keys must be plain words");
                }
            }
        } else if (node != null && !isNull(node)) {
            problemAt(node, path, "expected a mapping of keys to values");
        }
    }

    String path() {
        return path;
    }

    Path file() {
        return file;
    }

    String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        asked.add(key);
        NodeTuple t = entries.get(key);
        return t != null && !isNull(t.getValueNode());
    }

    /** The keys of this mapping in file order, all marked as read (for maps keyed by name, like links). */
    List<String> keys() {
        read.addAll(entries.keySet());
        return new ArrayList<>(entries.keySet());
    }

    Node nodeOf(String key) {
        read.add(key);
        asked.add(key);
        NodeTuple t = entries.get(key);
        return t == null || isNull(t.getValueNode()) ? null : t.getValueNode();
    }

    YamlSection section(String key) {
        return new YamlSection(file, field(key), nodeOf(key), problems);
    }

    Optional<String> string(String key) {
        Node n = nodeOf(key);
        if (n == null) {
            return Optional.empty();
        }
        if (n instanceof ScalarNode s) {
            return Optional.of(s.getValue());
        }
        problemAt(n, field(key), "expected a single value, not a " + kindOf(n));
        return Optional.empty();
    }

    Optional<String> required(String key) {
        Optional<String> v = string(key);
        if (v.isEmpty() && !entries.containsKey(key)) {
            problemAt(node, field(key), "is required");
        } else if (v.isEmpty() && entries.containsKey(key) && isNull(entries.get(key).getValueNode())) {
            problemAt(entries.get(key).getValueNode(), field(key), "is required and may not be empty");
        }
        return v;
    }

    /** A value converted by {@code parser}; an IllegalArgumentException from it becomes a located problem. */
    <T> Optional<T> parsed(String key, Function<String, T> parser) {
        Optional<String> raw = string(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(raw.get()));
        } catch (IllegalArgumentException e) {
            problemAt(nodeOf(key), field(key), e.getMessage());
            return Optional.empty();
        }
    }

    <T> T parsed(String key, Function<String, T> parser, T fallback) {
        return parsed(key, parser).orElse(fallback);
    }

    /** A list of scalars; a single scalar is accepted as a one-element list. */
    List<Located> list(String key) {
        Node n = nodeOf(key);
        List<Located> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (n instanceof ScalarNode s) {
            out.add(new Located(s.getValue(), field(key), s.getStartMark()));
        } else if (n instanceof SequenceNode seq) {
            int i = 0;
            for (Node item : seq.getValue()) {
                String f = field(key) + "[" + i++ + "]";
                if (item instanceof ScalarNode s) {
                    out.add(new Located(s.getValue(), f, s.getStartMark()));
                } else {
                    problemAt(item, f, "expected a single value, not a " + kindOf(item));
                }
            }
        } else {
            problemAt(n, field(key), "expected a list");
        }
        return out;
    }

    /** Each item of a sequence of mappings, as its own section. */
    List<YamlSection> sections(String key) {
        Node n = nodeOf(key);
        List<YamlSection> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (n instanceof SequenceNode seq) {
            int i = 0;
            for (Node item : seq.getValue()) {
                out.add(new YamlSection(file, field(key) + "[" + i++ + "]", item, problems));
            }
        } else {
            problemAt(n, field(key), "expected a list of mappings");
        }
        return out;
    }

    void rejectUnknownKeys() {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!read.contains(e.getKey())) {
                problemAt(e.getValue().getKeyNode(), field(e.getKey()), unknownKey(e.getKey()));
            }
        }
    }

    /**
     * What to say about a key this section does not take: the key it was probably meant to be, or the keys
     * it takes. A misspelt key also stands for the key it misspells, so a "needs 'forward'" problem about
     * that key's absence is dropped: the one problem to fix is the spelling.
     */
    private String unknownKey(String key) {
        java.util.List<String> known = asked.stream().filter(k -> !k.isEmpty()).toList();
        Optional<String> meant = KeySuggestion.of(key, known.stream().filter(k -> !entries.containsKey(k)).toList());
        if (meant.isPresent()) {
            String intended = field(meant.get());
            problems.removeIf(p -> intended.equals(p.field()));
            return "unknown key '" + key + "': did you mean '" + meant.get() + "'?";
        }
        return "unknown key '" + key + "'" + (known.isEmpty() ? "" : " (keys here: " + String.join(", ", known) + ")");
    }

    void problem(String key, String message) {
        problems.add(located(key, message));
    }

    /** A problem at {@code key} (or this section when it is absent), not recorded: for callers that file it as a warning. */
    ConfigProblem located(String key, String message) {
        NodeTuple t = entries.get(key);
        Node at = t == null ? node : t.getValueNode();
        return problemAt(at == null ? null : at.getStartMark(), field(key), message);
    }

    void problemHere(String message) {
        problemAt(node, path, message);
    }

    void problemAt(Node at, String field, String message) {
        Mark m = at == null ? null : at.getStartMark();
        problems.add(problemAt(m, field, message));
    }

    ConfigProblem problemAt(Mark m, String field, String message) {
        return m == null
                ? new ConfigProblem(file, 0, 0, field, message)
                : new ConfigProblem(file, m.getLine() + 1, m.getColumn() + 1, field, message);
    }

    void add(ConfigProblem p) {
        problems.add(p);
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
    }

    private static String kindOf(Node n) {
        return switch (n.getNodeId()) {
            case mapping -> "mapping";
            case sequence -> "list";
            default -> "value";
        };
    }

    /** A scalar with the field path and position it came from. */
    record Located(String value, String field, Mark mark) {
    }
}
