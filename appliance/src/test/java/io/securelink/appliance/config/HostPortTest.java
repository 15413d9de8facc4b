package io.securelink.appliance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A HostPort is a value: equal (and equally hashed) exactly when host and port are, as a record's would be. */
class HostPortTest {
    @Test
    void theSameAddressWrittenTwiceIsOneMapKey() {
        HostPort a = HostPort.parse("GW1.Example:443");
        HostPort b = HostPort.parse("gw1.example:443");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        Map<HostPort, String> m = new HashMap<>();
        m.put(a, "first");
        m.put(b, "second");
        assertEquals(Map.of(HostPort.parse("gw1.example:443"), "second"), m);
        assertEquals(HostPort.parse("[::1]:8443"), new HostPort("::1", 8443));
    }

    @Test
    void anotherHostOrPortIsAnotherAddress() {
        HostPort a = HostPort.parse("10.0.0.1:443");
        assertNotEquals(a, HostPort.parse("10.0.0.2:443"));
        assertNotEquals(a, HostPort.parse("10.0.0.1:444"));
        assertNotEquals(a, "10.0.0.1:443");
        assertNotEquals(a, null);
        assertEquals(new HostPort(null, 1), new HostPort(null, 1));
        assertNotEquals(new HostPort(null, 1), a);
    }
}
