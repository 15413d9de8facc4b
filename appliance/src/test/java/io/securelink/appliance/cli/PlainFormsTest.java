package io.securelink.appliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The plain forms are parsed without picocli: for every form {@link PlainForms} takes, the command object
 * it fills must equal what picocli makes of the same arguments; everything else it must hand to picocli.
 */
class PlainFormsTest {
    /** What picocli's parse leaves in the command's fields, for comparison. */
    private static String fieldsByPicocli(Supplier<Object> command, String... args) {
        Object c = command.get();
        new CommandLine(new SecurelinkCommand()).addSubcommand(args[0], c).parseArgs(args);
        return fields(c);
    }

    private static String fields(Object c) {
        if (c instanceof ControlCommands.Status s) {
            return "status config=" + s.target.config + " socket=" + s.target.socket + " json=" + s.json;
        } else if (c instanceof PinCommand p) {
            return "pin files=" + p.files + " json=" + p.json + " connect=" + p.connect + " timeout=" + p.timeout;
        } else if (c instanceof CheckConfigCommand k) {
            return "check-config config=" + k.config + " json=" + k.json;
        } else if (c instanceof VersionCommand v) {
            return "version check=" + v.check;
        }
        throw new AssertionError(c.getClass().toString());
    }

    private static void sameAsPicocli(Supplier<Object> command, String... args) {
        Object plain = PlainForms.parse(args);
        assertNotNull(plain, "a plain form: " + List.of(args));
        assertEquals(fieldsByPicocli(command, args), fields(plain), List.of(args).toString());
    }

    @Test
    void eachPlainFormFillsTheFieldsPicocliWould() {
        sameAsPicocli(VersionCommand::new, "version");
        sameAsPicocli(ControlCommands.Status::new, "status");
        sameAsPicocli(ControlCommands.Status::new, "status", "--config", "lab/securelink.yaml");
        sameAsPicocli(ControlCommands.Status::new, "status", "-c", "/etc/securelink/securelink.yaml", "--json");
        sameAsPicocli(ControlCommands.Status::new, "status", "--json", "--config=a b.yaml");
        sameAsPicocli(ControlCommands.Status::new, "status", "--socket", "/run/x.sock");
        sameAsPicocli(ControlCommands.Status::new, "status", "--socket=/run/x.sock", "-c", "c.yaml");
        sameAsPicocli(PinCommand::new, "pin", "a.crt");
        sameAsPicocli(PinCommand::new, "pin", "a.crt", "b.pem", "c.key");
        sameAsPicocli(PinCommand::new, "pin", "--json", "a.crt", "b.pem");
        sameAsPicocli(PinCommand::new, "pin", "a.crt", "--json");
        sameAsPicocli(CheckConfigCommand::new, "check-config", "--config", "lab/securelink.yaml");
        sameAsPicocli(CheckConfigCommand::new, "check-config", "-c", "x.yaml", "--json");
        sameAsPicocli(CheckConfigCommand::new, "check-config", "--json", "--config=x.yaml");
    }

    @Test
    void everythingElseIsLeftToPicocli() {
        for (String[] args : List.of(
                new String[] {},
                new String[] {"--help"},
                new String[] {"-V"},
                new String[] {"version", "--check"},
                new String[] {"version", "-h"},
                new String[] {"version", "extra"},
                new String[] {"status", "--help"},
                new String[] {"status", "--config"},
                new String[] {"status", "--config", "a", "--config", "b"},
                new String[] {"status", "--config", "--json"},
                new String[] {"status", "-cfoo.yaml"},
                new String[] {"status", "--unknown"},
                new String[] {"status", "@args.txt"},
                new String[] {"status", "--config="},
                new String[] {"pin"},
                new String[] {"pin", "--json"},
                new String[] {"pin", "--connect", "127.0.0.1:443"},
                new String[] {"pin", "--", "-odd-name.crt"},
                new String[] {"pin", "-h"},
                new String[] {"pin", "a.crt", "--json", "--json"},
                new String[] {"pin", "a\u0000.crt"},
                new String[] {"check-config"},
                new String[] {"check-config", "--json"},
                new String[] {"check-config", "x.yaml"},
                new String[] {"check-config", "-c", "x.yaml", "-c", "y.yaml"},
                new String[] {"check-config", "-c", "x.yaml", "--help"},
                new String[] {"reload", "-c", "x.yaml"},
                new String[] {"help", "status"})) {
            assertNull(PlainForms.parse(args), "left to picocli: " + List.of(args));
        }
    }

    @Test
    void aPlainFormRunsTheCommandWithItsExitCode() {
        Path missing = Path.of("/nonexistent/securelink-plain-forms/x.yaml");
        // The same answers picocli's run gives: exit 2 with the message when no appliance answers.
        assertEquals(2, (int) PlainForms.execute("status", "--config", missing.toString()));
        assertNull(PlainForms.parse("status", "-c" + missing), "picocli parses an attached short option's value");
        assertEquals(2, SecurelinkCommand.execute("status", "-c" + missing));
    }
}
