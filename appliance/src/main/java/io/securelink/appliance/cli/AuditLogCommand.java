package io.securelink.appliance.cli;

import io.securelink.appliance.auditlog.AuditLogFiles;
import io.securelink.appliance.auditlog.AuditLogVerifier;
import io.securelink.appliance.auditlog.AuditSigningKey;
import io.securelink.crypto.KeyMaterialException;
import io.securelink.crypto.PemFiles;
import io.securelink.crypto.SpkiPin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code securelink audit-log verify}: proves an audit log untouched, or names the first record that was not. */
@Command(name = "audit-log", description = "Work with the tamper-evident audit log.",
        subcommands = {AuditLogCommand.Verify.class})
final class AuditLogCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "verify", description = "Verify the hash chain and checkpoint signatures; exit 1 when a record was edited, "
            + "removed, reordered or inserted, or the log was truncated; exit 3 when only the final record is torn (cut short "
            + "by a crash or a full disk) and everything before it verifies. Losses the log itself records (records a full disk "
            + "kept out, a run killed before its stop checkpoint, an unfinished record cut off at the next start) are printed as "
            + "'missing:' lines; they are not tampering.")
    static final class Verify implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "FILE", description = "A log folder (state-dir/audit), or log files in chain order.")
        List<Path> paths;

        @Option(names = "--cert", description = "Certificate of the audit signing key (default: audit-signing.crt beside the log).")
        Path cert;

        @Option(names = "--open", description = "Accept a log without its final checkpoint even when no running appliance holds "
                + "its lock (a log being written is recognised by its lock, " + "audit.lock" + ", without this option).")
        boolean open;

        @Override
        public Integer call() {
            try {
                List<Path> files = new ArrayList<>();
                for (Path p : paths) {
                    if (Files.isDirectory(p)) {
                        files.addAll(AuditLogFiles.inChainOrder(p));
                    } else if (Files.isRegularFile(p)) {
                        files.add(p);
                    } else {
                        System.err.println("error: " + p + " does not exist");
                        return 2;
                    }
                }
                if (files.isEmpty()) {
                    System.err.println("error: no audit log files in " + paths);
                    return 2;
                }
                Path certFile = cert;
                if (certFile == null) {
                    Path first = paths.get(0);
                    certFile = (Files.isDirectory(first) ? first : first.toAbsolutePath().getParent()).resolve(AuditSigningKey.CERT_FILE);
                    System.out.println("note: using " + certFile + " from beside the log; pass --cert with a copy kept off the "
                            + "appliance to rule out a replaced key");
                }
                List<X509Certificate> certs = PemFiles.readCertificates(certFile);
                if (certs.isEmpty()) {
                    System.err.println("error: no certificate in " + certFile);
                    return 2;
                }
                X509Certificate c = certs.get(0);
                Path first = paths.get(0);
                java.util.OptionalLong writer = io.securelink.appliance.auditlog.LiveLogLock.writer(
                        Files.isDirectory(first) ? first : first.toAbsolutePath().getParent());
                boolean live = writer.isPresent();
                AuditLogVerifier.Result r = AuditLogVerifier.verify(files, c.getPublicKey(), open || live);
                for (String loss : r.losses()) {
                    // On the record, chained and signed: what a full disk or a killed appliance kept out of the log.
                    System.out.println("missing: " + loss);
                }
                if (live && r.problem().isEmpty()) {
                    System.out.println("OK: open, verified up to record " + r.lastSeq() + " (the appliance"
                            + (writer.getAsLong() > 0 ? ", pid " + writer.getAsLong() + "," : "") + " is still writing this log;"
                            + " the final checkpoint is written when it stops): " + r.records() + " records in " + files.size()
                            + " file(s), " + r.checkpoints() + " signed checkpoint(s), key " + SpkiPin.of(c));
                    return 0;
                }
                for (String n : r.notes()) {
                    System.out.println("note: " + n);
                }
                if (r.problem().isPresent() && r.problem().get().kind() == AuditLogVerifier.Kind.TRUNCATED) {
                    // A torn last line is what a crash or a full disk leaves; it is not evidence of tampering.
                    System.out.println("TORN: " + r.problem().get() + "; every record before it verifies (a crash or a full disk"
                            + " cut the last write short)");
                    System.out.println(files.size() + " file(s), " + r.records() + " line(s) read; key " + SpkiPin.of(c));
                    return 3;
                }
                if (r.problem().isPresent()) {
                    System.out.println("TAMPERED: " + r.problem().get());
                    System.out.println(files.size() + " file(s), " + r.records() + " line(s) read; key " + SpkiPin.of(c));
                    return 1;
                }
                System.out.println("OK: " + r.records() + " records (seq 0.." + r.lastSeq() + ") in " + files.size()
                        + " file(s), " + r.checkpoints() + " signed checkpoint(s), key " + SpkiPin.of(c));
                return 0;
            } catch (IOException | KeyMaterialException e) {
                System.err.println("error: " + e.getMessage());
                return 2;
            }
        }
    }
}
