package io.securelink.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;

/** Random positive 128-bit certificate serial numbers, unpredictable as CA/B practice asks. */
final class SerialNumbers {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SerialNumbers() {
    }

    static BigInteger random() {
        BigInteger serial;
        do {
            serial = new BigInteger(128, RANDOM);
        } while (serial.signum() == 0);
        return serial;
    }
}
