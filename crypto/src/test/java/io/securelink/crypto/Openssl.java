package io.securelink.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real openssl CLI (directly or through bash for pipelines) in a working directory. */
final class Openssl {
    private static final long TIMEOUT_SECONDS = 60;

    private final Path dir;

    Openssl(Path dir) {
        this.dir = dir;
    }

    /** {@code openssl ARGS...}; fails the test with openssl's stderr on a non-zero exit. */
    String run(String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        return exec(command);
    }

    /** A shell pipeline, e.g. {@code openssl x509 ... | openssl dgst ...}, with pipefail. */
    String bash(String script) {
        return exec(List.of("bash", "-c", "set -euo pipefail; " + script));
    }

    Path path(String name) {
        return dir.resolve(name);
    }

    private String exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
            p.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> text(p.getErrorStream()));
            String out = text(p.getInputStream());
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("exit " + p.exitValue() + " from " + command + "\n" + err.join());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, e);
        }
    }

    private static String text(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates {@code NAME.key} (PKCS#8) and self-signed {@code NAME.crt} for an openssl genpkey algorithm spec. */
    void selfSigned(String name, String subject, String... genpkeyOptions) {
        List<String> gen = new ArrayList<>(List.of("genpkey", "-out", name + ".key"));
        gen.addAll(List.of(genpkeyOptions));
        run(gen.toArray(String[]::new));
        run("req", "-x509", "-new", "-key", name + ".key", "-subj", subject, "-days", "30", "-out", name + ".crt");
    }

    static final String[] RSA_2048 = {"-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"};
    static final String[] EC_P256 = {"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"};
    static final String[] EC_P384 = {"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"};
    static final String[] ED25519 = {"-algorithm", "ED25519"};

    /** Creates CA key {@code NAME.key} and self-signed CA certificate {@code NAME.crt}. */
    void ca(String name, String subject, String... genpkeyOptions) {
        List<String> gen = new ArrayList<>(List.of("genpkey", "-out", name + ".key"));
        gen.addAll(List.of(genpkeyOptions));
        run(gen.toArray(String[]::new));
        run("req", "-x509", "-new", "-key", name + ".key", "-subj", subject, "-days", "365",
                "-addext", "basicConstraints=critical,CA:true", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-out", name + ".crt");
    }

    /**
     * Creates {@code NAME.key}, end-entity {@code NAME.crt} signed by CA {@code ca} (its .key/.crt), and
     * {@code NAME-chain.pem} = leaf then CA; {@code addext} entries go to {@code -addext}.
     */
    void leaf(String name, String subject, String ca, List<String> addext, String... genpkeyOptions) {
        List<String> extensions = new ArrayList<>(List.of("basicConstraints=critical,CA:false"));
        extensions.addAll(addext);
        signed(name, subject, ca, 30, extensions, genpkeyOptions);
    }

    /** Like {@link #leaf} but an intermediate CA certificate. */
    void intermediate(String name, String subject, String ca, String... genpkeyOptions) {
        signed(name, subject, ca, 365, List.of("basicConstraints=critical,CA:true", "keyUsage=critical,keyCertSign,cRLSign"),
                genpkeyOptions);
    }

    private void signed(String name, String subject, String ca, int days, List<String> addext, String... genpkeyOptions) {
        List<String> gen = new ArrayList<>(List.of("genpkey", "-out", name + ".key"));
        gen.addAll(List.of(genpkeyOptions));
        run(gen.toArray(String[]::new));
        List<String> req = new ArrayList<>(List.of("req", "-x509", "-new", "-key", name + ".key", "-subj", subject,
                "-CA", ca + ".crt", "-CAkey", ca + ".key", "-days", String.valueOf(days)));
        for (String ext : addext) {
            req.add("-addext");
            req.add(ext);
        }
        req.addAll(List.of("-out", name + ".crt"));
        run(req.toArray(String[]::new));
        bash("cat " + name + ".crt " + ca + ".crt > " + name + "-chain.pem");
    }

    /** The pin of a certificate computed by the documented openssl pipeline. */
    String pinOfCertificate(String certFile) {
        return "sha256/" + bash("openssl x509 -pubkey -noout -in " + certFile
                + " | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64").strip();
    }
}
