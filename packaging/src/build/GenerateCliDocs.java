import io.securelink.appliance.cli.SecurelinkCommand;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build step of the Debian package: writes, from the same picocli model the command line runs, the
 * AsciiDoc man pages (securelink.adoc and one per subcommand, securelink-pin.adoc...; asciidoctor turns
 * them into roff) and the bash completion script. Nothing about the command line is written by hand,
 * so the man page and completion cannot drift from {@code --help}.
 *
 * <pre>java -cp picocli-codegen.jar:securelink.jar GenerateCliDocs OUTDIR</pre>
 */
public final class GenerateCliDocs {
    public static void main(String[] args) throws Exception {
        Path out = Files.createDirectories(Path.of(args[0]));
        CommandLine cl = SecurelinkCommand.commandLine();
        int rc = ManPageGenerator.generateManPage(Files.createDirectories(out.resolve("adoc")).toFile(), null, new boolean[0], true,
                cl.getCommandSpec());
        if (rc != 0) {
            System.exit(rc);
        }
        Files.deleteIfExists(out.resolve("adoc/securelink-help.adoc")); // picocli's built-in help command
        // Sourced by bash-completion, never executed: no #! line (lintian: bash-completion-with-hashbang).
        String completion = AutoComplete.bash("securelink", cl).replaceFirst("\\A#![^\n]*\n", "");
        Files.writeString(out.resolve("securelink.bash-completion"), completion, StandardCharsets.UTF_8);
        System.out.println("wrote man page sources and bash completion to " + out);
    }
}
