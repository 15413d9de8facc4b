package io.securelink.appliance.cli;

import io.securelink.crypto.KeyMaterialException;
import io.securelink.crypto.PinSource;
import io.securelink.crypto.PinnedItem;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Prints SPKI pins ({@code sha256/BASE64}): of certificates (every one in a chain file), public keys,
 * CSRs and private keys; or, with {@code --connect}, of the chain a live TLS server presents.
 */
@Command(name = "pin", description = {"Print sha256/BASE64 SPKI pins of files, or of a server's chain with --connect.",
        "Exit 0 when every file gave its pins, 2 when one cannot be read or holds no certificate or key (the others are "
                + "still printed) or the server cannot be reached or shows no certificate."})
final class PinCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Certificate, chain, public key, CSR or private key files.")
    List<Path> files = List.of();

    @Option(names = "--connect", paramLabel = "HOST:PORT", description = "Connect and print the pins of the presented chain.")
    String connect;

    @Option(names = "--json", description = "Print a JSON array of {file, kind, pin, subject, issuer, not-after} (files only, not --connect).")
    boolean json;

    /** The default of {@code --timeout}; {@link PlainForms} sets it too, as picocli would. */
    static final String DEFAULT_TIMEOUT = "5s";

    @Option(names = "--timeout", defaultValue = DEFAULT_TIMEOUT, description = "Connect and handshake timeout for --connect (default ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    public Integer call() {
        if (connect == null && files.isEmpty()) {
            System.err.println("error: give one or more files, or --connect HOST:PORT");
            return 2;
        }
        if (json && connect != null) {
            System.err.println("error: --json applies to files; --connect prints text");
            return 2;
        }
        int rc = 0;
        // Jackson only for --json (and not named here, so the verifier loads none of it for a plain `pin FILE`).
        List<CliJson.FilePin> pins = new java.util.ArrayList<>();
        for (Path f : files) {
            try {
                for (PinnedItem item : PinSource.read(f, null)) {
                    if (json) {
                        pins.add(new CliJson.FilePin(f.toString(), item));
                    } else {
                        System.out.println(PinLines.format(f.toString(), item));
                    }
                }
            } catch (KeyMaterialException e) {
                // A file that cannot be read or holds no key is input that cannot be used: exit 2, as for every command.
                String m = e.getMessage();
                // The loader's words assume a config that could name a passphrase file; pin has no such option.
                System.err.println("error: " + m + (m != null && m.contains("passphrase") ? "; pin asks for no passphrase: pin the "
                        + "certificate that goes with it, or its public key (openssl pkey -in " + f + " -pubout -out key.pub)" : ""));
                rc = 2;
            }
        }
        if (json) {
            CliJson.printPins(pins);
        }
        if (connect != null) {
            rc = Math.max(rc, new ServerChainProbe(connect, timeout).print());
        }
        return rc;
    }
}
