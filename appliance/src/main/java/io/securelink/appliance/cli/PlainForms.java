package io.securelink.appliance.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The plain forms of the commands scripts and people run most ({@code version}, {@code status},
 * {@code pin FILE...}, {@code check-config --config FILE}), recognised without picocli: building picocli's
 * reflective model of even one command (annotation proxies, converters, help renderers) cost a CLI start
 * more than anything these commands do, so they skip it.
 *
 * <p>Contract: {@link #parse} fills the same command object picocli would, with the same field values,
 * or returns {@code null} for anything it does not fully understand (any other option, {@code --help},
 * {@code -V}, {@code --}, an {@code @argument-file}, a repeated option, a value that looks like an option,
 * a missing value); then picocli parses the arguments as before, so every other form, every error message
 * and every {@code --help} is unchanged. {@code PlainFormsTest} holds the two parsers to the same result.
 */
final class PlainForms {
    private PlainForms() {
    }

    /** The command object for {@code args} with its fields set, or {@code null} when picocli must parse them. */
    static Object parse(String... args) {
        if (args.length == 0) {
            return null;
        }
        for (String a : args) {
            if (a.startsWith("@") || a.equals("--")) {
                return null;
            }
        }
        try {
            return switch (args[0]) {
                case "version" -> args.length == 1 ? new VersionCommand() : null;
                case "status" -> status(args);
                case "pin" -> pin(args);
                case "check-config" -> checkConfig(args);
                default -> null;
            };
        } catch (java.nio.file.InvalidPathException e) {
            return null; // picocli names the option and the bad value
        }
    }

    /** Runs the plain form of {@code args} and returns its exit code, or {@code null} when picocli must run them. */
    static Integer execute(String... args) {
        Object command = parse(args);
        if (command == null) {
            return null;
        }
        try {
            if (command instanceof Callable<?> c) {
                return (Integer) c.call();
            }
            ((Runnable) command).run();
            return 0;
        } catch (Exception e) {
            // As picocli's execute() does with an exception from a command: the trace on stderr, exit 1.
            e.printStackTrace();
            return 1;
        }
    }

    private static ControlCommands.Status status(String[] args) {
        ControlCommands.Status s = new ControlCommands.Status();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--json") && !s.json) {
                s.json = true;
            } else if ((a.equals("-c") || a.equals("--config")) && s.target.config == null && value(args, i)) {
                s.target.config = Path.of(args[++i]);
            } else if (a.startsWith("--config=") && s.target.config == null && plain(a.substring(9))) {
                s.target.config = Path.of(a.substring(9));
            } else if (a.equals("--socket") && s.target.socket == null && value(args, i)) {
                s.target.socket = Path.of(args[++i]);
            } else if (a.startsWith("--socket=") && s.target.socket == null && plain(a.substring(9))) {
                s.target.socket = Path.of(a.substring(9));
            } else {
                return null;
            }
        }
        return s;
    }

    private static PinCommand pin(String[] args) {
        PinCommand p = new PinCommand();
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--json") && !p.json) {
                p.json = true;
            } else if (plain(a)) {
                files.add(Path.of(a));
            } else {
                return null;
            }
        }
        if (files.isEmpty()) {
            return null;
        }
        p.files = files;
        p.timeout = PinCommand.DEFAULT_TIMEOUT;
        return p;
    }

    private static CheckConfigCommand checkConfig(String[] args) {
        CheckConfigCommand c = new CheckConfigCommand();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--json") && !c.json) {
                c.json = true;
            } else if ((a.equals("-c") || a.equals("--config")) && c.config == null && value(args, i)) {
                c.config = Path.of(args[++i]);
            } else if (a.startsWith("--config=") && c.config == null && plain(a.substring(9))) {
                c.config = Path.of(a.substring(9));
            } else {
                return null;
            }
        }
        return c.config == null ? null : c;
    }

    /** An option's separate value follows and is not itself option-like (picocli would judge those). */
    private static boolean value(String[] args, int i) {
        return i + 1 < args.length && plain(args[i + 1]);
    }

    private static boolean plain(String s) {
        return !s.isEmpty() && !s.startsWith("-");
    }
}
