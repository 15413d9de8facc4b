package io.securelink.appliance.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The library defaults are set only where the operator set nothing (a started daemon: {@link StartPathTest}). */
class LibraryDefaultsTest {
    @Test
    void nettyJfrEventsAreOffWhenNotSet() {
        Properties p = new Properties();
        LibraryDefaults.applyTo(p);
        assertEquals("false", p.getProperty(LibraryDefaults.NETTY_JFR));
    }

    @Test
    void anOperatorsNettyJfrSettingIsKept() {
        Properties p = new Properties();
        p.setProperty(LibraryDefaults.NETTY_JFR, "true");
        LibraryDefaults.applyTo(p);
        assertEquals("true", p.getProperty(LibraryDefaults.NETTY_JFR));
    }
}
