package io.securelink.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

/**
 * The EC key/certificate match decides exactly as signing with the private key and verifying with the public
 * key does, and refuses what a signature check would not prove: a scalar out of range, a point off the curve,
 * another curve. What it does not decide it leaves to the signature check.
 */
class EcKeyMatchTest {
    private static KeyPair pair(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    private static boolean signatureVerifies(KeyPair signer, KeyPair verifier) throws Exception {
        byte[] message = "which key is this".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String algorithm = KeyAlgorithms.signatureAlgorithm(signer.getPrivate()).orElseThrow();
        try {
            return Signatures.verify(algorithm, verifier.getPublic(), message, Signatures.sign(algorithm, signer.getPrivate(), message));
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    @Test
    void decidesAsASignatureAndItsVerificationDoOnEveryNamedCurveTheJdkMakes() throws Exception {
        for (String curve : new String[] {"secp256r1", "secp384r1", "secp521r1"}) {
            KeyPair a = pair(curve);
            KeyPair b = pair(curve);
            assertEquals(Optional.of(true), EcKeyMatch.matches(a.getPrivate().getEncoded(), a.getPublic().getEncoded()), curve);
            assertEquals(Optional.of(false), EcKeyMatch.matches(a.getPrivate().getEncoded(), b.getPublic().getEncoded()), curve);
            assertTrue(signatureVerifies(a, a), curve);
            assertFalse(signatureVerifies(a, b), curve);
            assertTrue(KeyPairCheck.matches(a.getPrivate(), a.getPublic()), curve);
            assertFalse(KeyPairCheck.matches(a.getPrivate(), b.getPublic()), curve);
        }
    }

    @Test
    void thePointWithTheSameXButTheOtherYDoesNotMatch() throws Exception {
        // -Q shares Q's x coordinate: the comparison in projective coordinates must check y as well.
        for (String curve : new String[] {"secp256r1", "secp384r1", "secp521r1"}) {
            KeyPair a = pair(curve);
            org.bouncycastle.asn1.x509.SubjectPublicKeyInfo spki =
                    org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(a.getPublic().getEncoded());
            org.bouncycastle.math.ec.ECPoint q = org.bouncycastle.crypto.ec.CustomNamedCurves.getByName(curve)
                    .getCurve().decodePoint(spki.getPublicKeyData().getOctets());
            byte[] negated = new org.bouncycastle.asn1.x509.SubjectPublicKeyInfo(spki.getAlgorithm(),
                    q.negate().getEncoded(false)).getEncoded();
            assertEquals(Optional.of(false), EcKeyMatch.matches(a.getPrivate().getEncoded(), negated), curve);
        }
    }

    @Test
    void aKeyOnAnotherCurveDoesNotMatch() throws Exception {
        KeyPair p256 = pair("secp256r1");
        KeyPair p384 = pair("secp384r1");
        assertEquals(Optional.of(false), EcKeyMatch.matches(p256.getPrivate().getEncoded(), p384.getPublic().getEncoded()));
        assertFalse(KeyPairCheck.matches(p384.getPrivate(), p256.getPublic()));
    }

    @Test
    void aScalarOutOfRangeIsRefusedEvenWhenItReducesToTheRightOne() throws Exception {
        // d + n names the same point as d, but is not a private key: refused, as no signature would prove it.
        KeyPair a = pair("secp256r1");
        X9ECParameters p = CustomNamedCurves.getByName("secp256r1");
        BigInteger d = ((ECPrivateKey) a.getPrivate()).getS();
        for (BigInteger bad : new BigInteger[] {d.add(p.getN()), BigInteger.ZERO, p.getN()}) {
            assertEquals(Optional.of(false), EcKeyMatch.matches(withScalar(a, bad), a.getPublic().getEncoded()), bad.toString(16));
        }
    }

    @Test
    void aPointOffTheCurveIsRefusedAndACompressedPointIsReadAsItsFullForm() throws Exception {
        KeyPair a = pair("secp256r1");
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(a.getPublic().getEncoded());
        byte[] point = spki.getPublicKeyData().getOctets();
        byte[] off = point.clone();
        off[off.length - 1] ^= 1;
        assertEquals(Optional.of(false), EcKeyMatch.matches(a.getPrivate().getEncoded(),
                new SubjectPublicKeyInfo(spki.getAlgorithm(), off).getEncoded()));
        ECPoint q = CustomNamedCurves.getByName("secp256r1").getCurve().decodePoint(point);
        byte[] compressed = q.getEncoded(true);
        assertArrayEquals(point, q.getEncoded(false));
        assertEquals(Optional.of(true), EcKeyMatch.matches(a.getPrivate().getEncoded(),
                new SubjectPublicKeyInfo(spki.getAlgorithm(), compressed).getEncoded()));
    }

    @Test
    void whatItDoesNotDecideIsLeftToTheSignatureCheck() throws Exception {
        // Brainpool has no curve-specific arithmetic here; RSA and Ed25519 are not EC.
        KeyPairGenerator bp = KeyPairGenerator.getInstance("EC", BouncyCastle.provider());
        bp.initialize(new ECGenParameterSpec("brainpoolP256r1"));
        KeyPair brainpool = bp.generateKeyPair();
        assertEquals(Optional.empty(), EcKeyMatch.matches(brainpool.getPrivate().getEncoded(), brainpool.getPublic().getEncoded()));
        assertTrue(KeyPairCheck.matches(brainpool.getPrivate(), brainpool.getPublic()));
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertEquals(Optional.empty(), EcKeyMatch.matches(ed.getPrivate().getEncoded(), ed.getPublic().getEncoded()));
        KeyPair p256 = pair("secp256r1");
        assertEquals(Optional.empty(), EcKeyMatch.matches(ed.getPrivate().getEncoded(), p256.getPublic().getEncoded()));
        assertFalse(KeyPairCheck.matches(ed.getPrivate(), p256.getPublic()));
    }

    /** The PKCS#8 encoding of {@code pair}'s private key with its scalar replaced by {@code d}. */
    private static byte[] withScalar(KeyPair pair, BigInteger d) throws Exception {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
        int size = 32;
        byte[] scalar = d.signum() == 0 ? new byte[size] : BigIntegers.asUnsignedByteArray(Math.max(size, (d.bitLength() + 7) / 8), d);
        DERSequence sec1 = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {new ASN1Integer(1), new DEROctetString(scalar)});
        return new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), sec1).getEncoded();
    }

    @Test
    void theScalarEncodingOfTheTestIsTheOneTheJdkWrites() throws Exception {
        // withScalar must only change the scalar: with the key's own scalar it is read back as the same match.
        KeyPair a = pair("secp256r1");
        BigInteger d = ((ECPrivateKey) a.getPrivate()).getS();
        assertEquals(Optional.of(true), EcKeyMatch.matches(withScalar(a, d), a.getPublic().getEncoded()));
        assertEquals(Optional.of(false), EcKeyMatch.matches(withScalar(a, d.add(BigInteger.ONE)), a.getPublic().getEncoded()));
    }
}
