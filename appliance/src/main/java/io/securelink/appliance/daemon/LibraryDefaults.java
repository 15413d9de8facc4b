package io.securelink.appliance.daemon;

import java.util.Properties;

/**
 * System properties the daemon sets for its libraries before they initialise, each only when the operator
 * has not set it (a {@code -D} on the command line or in a unit drop-in always wins).
 *
 * <p>{@code io.netty.jfr.enabled=false}: Netty 4.2 defines Java Flight Recorder events for its buffer
 * allocator and, with JFR merely present in the JDK, registers them at its first chunk allocation. That
 * registration starts the JDK's whole JFR metadata repository (about 60 ms of CPU at every start, on the
 * path to the first request, plus the JIT compiling it) although nothing records. An operator who wants
 * Netty's allocator events in a recording passes {@code -Dio.netty.jfr.enabled=true}.
 */
public final class LibraryDefaults {
    /** Netty's switch for its JFR events (read once, when {@code io.netty.util.internal.PlatformDependent} initialises). */
    public static final String NETTY_JFR = "io.netty.jfr.enabled";

    private LibraryDefaults() {
    }

    /** Applies the defaults to this JVM's system properties; call before the first Netty class initialises. */
    public static void apply() {
        applyTo(System.getProperties());
    }

    /** Sets each default in {@code properties} that is not set there yet; a value already there is kept. */
    static void applyTo(Properties properties) {
        if (properties.getProperty(NETTY_JFR) == null) {
            properties.setProperty(NETTY_JFR, "false");
        }
    }
}
