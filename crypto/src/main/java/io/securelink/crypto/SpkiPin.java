package io.securelink.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;

/**
 * The SHA-256 hash of a DER SubjectPublicKeyInfo, the value peers are pinned by. Pins survive
 * certificate renewal with the same key, and their text form {@code sha256/BASE64} is the one
 * printed by the usual {@code openssl ... | openssl dgst -sha256 -binary | base64} pipeline.
 */
public record SpkiPin(byte[] sha256) {
    static final String PREFIX = "sha256/";
    private static final int LENGTH = 32;

    public SpkiPin {
        if (sha256 == null || sha256.length != LENGTH) {
            throw new IllegalArgumentException("a SHA-256 pin has exactly " + LENGTH + " bytes");
        }
        sha256 = sha256.clone();
    }

    /** Pin of a key, hashing its {@link PublicKey#getEncoded() SubjectPublicKeyInfo encoding}. */
    public static SpkiPin of(PublicKey key) {
        byte[] spki = key.getEncoded();
        if (spki == null) {
            throw new IllegalArgumentException("public key of type " + key.getAlgorithm() + " has no encoded form");
        }
        return ofSubjectPublicKeyInfo(spki);
    }

    /** Pin of a certificate's public key, hashing the SubjectPublicKeyInfo exactly as it appears in the certificate. */
    public static SpkiPin of(X509Certificate cert) {
        return ofSubjectPublicKeyInfo(CertificateFields.subjectPublicKeyInfo(cert));
    }

    static SpkiPin ofSubjectPublicKeyInfo(byte[] spkiDer) {
        try {
            return new SpkiPin(MessageDigest.getInstance("SHA-256").digest(spkiDer));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /** Parses {@code sha256/} followed by the 44-character standard base64 of 32 bytes. */
    public static SpkiPin parse(String text) throws PinFormatException {
        if (text == null || text.isBlank()) {
            throw new PinFormatException("empty pin (expected sha256/ followed by 44 base64 characters)");
        }
        String pin = text.strip();
        if (!pin.startsWith(PREFIX)) {
            throw new PinFormatException("pin '" + pin + "' does not start with \"" + PREFIX
                    + "\" (expected sha256/ followed by 44 base64 characters)");
        }
        String encoded = pin.substring(PREFIX.length());
        byte[] hash;
        try {
            hash = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new PinFormatException("pin '" + pin + "' is not valid base64 (" + e.getMessage() + ")"
                    + (encoded.matches("[A-Za-z0-9_=-]+") ? "; it looks URL-safe, use standard base64 with + and /" : ""));
        }
        if (hash.length != LENGTH) {
            String hint = encoded.matches("[0-9a-fA-F]{64}") ? "; it looks like hex, a pin is base64" : "";
            throw new PinFormatException("pin '" + pin + "' decodes to " + hash.length
                    + " bytes, a SHA-256 pin must decode to 32 bytes" + hint);
        }
        if (!Base64.getEncoder().encodeToString(hash).equals(encoded)) {
            throw new PinFormatException("pin '" + pin + "' is not canonical base64 (expected 44 characters ending in '=')");
        }
        return new SpkiPin(hash);
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpkiPin other && Arrays.equals(sha256, other.sha256);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sha256);
    }

    @Override
    public String toString() {
        return PREFIX + Base64.getEncoder().encodeToString(sha256);
    }
}
