package io.securelink.appliance.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate authority run by the real {@code openssl ca} tool, as a carrier's PKI team would: its own
 * folder with {@code index.txt}, {@code serial} and {@code crlnumber}; leaves and sub-CAs issued with
 * {@code openssl ca}, revoked with {@code openssl ca -revoke}, CRLs made with {@code openssl ca -gencrl}.
 * EC P-256 keys (fast). Key files are 0600.
 */
public final class OpensslCa {
    private static final DateTimeFormatter ASN1_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    public final Path dir;
    public final String name;
    /** This CA's certificate followed by its issuers' up to (excluding) the root; empty for the root. */
    private final List<Path> chainAbove;

    /** An issued certificate: the leaf alone, the chain a peer presents (leaf + sub-CAs), its key and serial. */
    public record Issued(Path cert, Path chain, Path key, BigInteger serial) {
    }

    private OpensslCa(Path dir, String name, List<Path> chainAbove) {
        this.dir = dir;
        this.name = name;
        this.chainAbove = chainAbove;
    }

    /** A self-signed root CA in {@code dir/folder}. */
    public static OpensslCa root(Path parent, String folder, String commonName) {
        OpensslCa ca = prepare(parent.resolve(folder), commonName, List.of());
        Processes.ok(ca.dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-out", "ca.crt", "-days", "365", "-subj", "/CN=" + commonName,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-addext", "subjectKeyIdentifier=hash");
        ca.tighten(ca.dir.resolve("ca.key"));
        return ca;
    }

    /** A sub-CA issued by this CA with {@code openssl ca -extensions v3_ca}. */
    public OpensslCa subCa(String folder, String commonName) {
        Path subDir = dir.getParent().resolve(folder);
        List<Path> above = new ArrayList<>();
        above.add(subDir.resolve("ca.crt"));
        above.addAll(chainAbove);
        OpensslCa sub = prepare(subDir, commonName, above);
        Processes.ok(sub.dir, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-out", "ca.csr", "-subj", "/CN=" + commonName);
        sub.tighten(sub.dir.resolve("ca.key"));
        Processes.ok(dir, "openssl", "ca", "-batch", "-config", "ca.cnf", "-extensions", "v3_ca", "-notext",
                "-in", sub.dir.resolve("ca.csr").toString(), "-out", sub.dir.resolve("ca.crt").toString());
        return sub;
    }

    /** A leaf for client and server use, SANs e.g. {@code URI:spiffe://site/a,DNS:localhost,IP:127.0.0.1}. */
    public Issued issue(String leafName, String subjectAltNames) {
        return issue(leafName, subjectAltNames, "v3_leaf");
    }

    /** A delegated OCSP responder certificate (extendedKeyUsage OCSPSigning) issued by this CA. */
    public Issued ocspSigner(String leafName) {
        return issue(leafName, "DNS:" + leafName, "v3_ocsp");
    }

    private Issued issue(String leafName, String subjectAltNames, String extensions) {
        Path key = dir.resolve(leafName + ".key");
        Path csr = dir.resolve(leafName + ".csr");
        Path cert = dir.resolve(leafName + ".crt");
        Processes.ok(dir, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + leafName, "-addext", "subjectAltName=" + subjectAltNames);
        tighten(key);
        Processes.ok(dir, "openssl", "ca", "-batch", "-config", "ca.cnf", "-extensions", extensions, "-notext",
                "-in", csr.toString(), "-out", cert.toString());
        Path chain = dir.resolve(leafName + "-chain.crt");
        try {
            StringBuilder sb = new StringBuilder(Files.readString(cert));
            if (chainAbove.isEmpty()) {
                // Issued by the root: the peer presents the leaf only.
            } else {
                for (Path p : chainAbove) {
                    sb.append(Files.readString(p));
                }
            }
            Files.writeString(chain, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String serial = Processes.ok(dir, "openssl", "x509", "-in", cert.toString(), "-noout", "-serial").stdout().trim();
        return new Issued(cert, chain, key, new BigInteger(serial.substring("serial=".length()), 16));
    }

    /**
     * A leaf signed with this CA's key by {@code openssl x509 -req} but never entered in {@code index.txt}:
     * the CA's OCSP responder answers "unknown" about it.
     */
    public Issued issueOffTheBooks(String leafName, String subjectAltNames) {
        Path key = dir.resolve(leafName + ".key");
        Path csr = dir.resolve(leafName + ".csr");
        Path cert = dir.resolve(leafName + ".crt");
        Path ext = dir.resolve(leafName + ".ext");
        try {
            Files.writeString(ext, "subjectAltName=" + subjectAltNames + "\nextendedKeyUsage=clientAuth,serverAuth\n"
                    + "authorityInfoAccess=OCSP;URI:http://127.0.0.1:" + ocspPort() + "/\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Processes.ok(dir, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + leafName);
        tighten(key);
        Processes.ok(dir, "openssl", "x509", "-req", "-in", csr.toString(), "-CA", "ca.crt", "-CAkey", "ca.key", "-set_serial", "77777",
                "-days", "30", "-extfile", ext.toString(), "-out", cert.toString());
        Path chain = dir.resolve(leafName + "-chain.crt");
        try {
            StringBuilder sb = new StringBuilder(Files.readString(cert));
            for (Path p : chainAbove) {
                sb.append(Files.readString(p));
            }
            Files.writeString(chain, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Issued(cert, chain, key, BigInteger.valueOf(77777));
    }

    /** {@code openssl ca -revoke} with a reason such as {@code keyCompromise}. */
    public void revoke(Path certificate, String reason) {
        Processes.ok(dir, "openssl", "ca", "-config", "ca.cnf", "-revoke", certificate.toString(), "-crl_reason", reason);
    }

    /** {@code openssl ca -gencrl}, due again in 7 days, written to {@code out} atomically (temp file, then rename). */
    public Path crl(Path out) {
        return gencrl(out, List.of("-crldays", "7"));
    }

    /** A CRL with the given lastUpdate and nextUpdate (e.g. both in the past: stale). */
    public Path crl(Path out, Instant lastUpdate, Instant nextUpdate) {
        return gencrl(out, List.of("-crl_lastupdate", ASN1_TIME.format(lastUpdate), "-crl_nextupdate", ASN1_TIME.format(nextUpdate)));
    }

    private Path gencrl(Path out, List<String> timing) {
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        List<String> cmd = new ArrayList<>(List.of("openssl", "ca", "-config", "ca.cnf", "-gencrl", "-out", tmp.toString()));
        cmd.addAll(timing);
        Processes.ok(dir, cmd.toArray(new String[0]));
        try {
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public Path certificate() {
        return dir.resolve("ca.crt");
    }

    public Path key() {
        return dir.resolve("ca.key");
    }

    public Path index() {
        return dir.resolve("index.txt");
    }

    private static OpensslCa prepare(Path dir, String commonName, List<Path> chainAbove) {
        try {
            Files.createDirectories(dir.resolve("newcerts"));
            Files.writeString(dir.resolve("index.txt"), "");
            Files.writeString(dir.resolve("serial"), "1000\n");
            Files.writeString(dir.resolve("crlnumber"), "01\n");
            Files.writeString(dir.resolve("ca.cnf"), """
                    [ ca ]
                    default_ca = CA_default
                    [ CA_default ]
                    dir = %s
                    database = $dir/index.txt
                    new_certs_dir = $dir/newcerts
                    certificate = $dir/ca.crt
                    private_key = $dir/ca.key
                    serial = $dir/serial
                    crlnumber = $dir/crlnumber
                    default_md = sha256
                    default_days = 30
                    default_crl_days = 7
                    policy = policy_any
                    unique_subject = no
                    copy_extensions = copy
                    [ policy_any ]
                    commonName = supplied
                    [ v3_ca ]
                    basicConstraints = critical,CA:TRUE
                    keyUsage = critical,keyCertSign,cRLSign
                    subjectKeyIdentifier = hash
                    authorityKeyIdentifier = keyid
                    [ v3_leaf ]
                    basicConstraints = CA:FALSE
                    keyUsage = critical,digitalSignature
                    extendedKeyUsage = clientAuth,serverAuth
                    subjectKeyIdentifier = hash
                    authorityKeyIdentifier = keyid
                    authorityInfoAccess = OCSP;URI:http://127.0.0.1:%d/
                    [ v3_ocsp ]
                    basicConstraints = CA:FALSE
                    keyUsage = critical,digitalSignature
                    extendedKeyUsage = critical,OCSPSigning
                    subjectKeyIdentifier = hash
                    authorityKeyIdentifier = keyid
                    """.formatted(dir.toAbsolutePath(), ocspPort(dir)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new OpensslCa(dir, commonName, chainAbove);
    }

    /** The loopback port this CA's certificates name as their OCSP responder (AIA): fixed per CA folder. */
    public int ocspPort() {
        return ocspPort(dir);
    }

    private static int ocspPort(Path dir) {
        Path f = dir.resolve("ocsp.port");
        try {
            if (Files.exists(f)) {
                return Integer.parseInt(Files.readString(f).trim());
            }
            int port = FreePorts.next();
            Files.createDirectories(dir);
            Files.writeString(f, Integer.toString(port));
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void tighten(Path key) {
        try {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
