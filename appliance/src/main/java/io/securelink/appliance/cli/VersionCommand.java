package io.securelink.appliance.cli;

import io.securelink.appliance.link.Transport;
import io.securelink.appliance.report.ComponentVersions;
import io.securelink.appliance.tls.TlsEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints the versions of securelink, Java and the TLS and I/O libraries; with {@code --check}, also the TLS
 * provider and transport this machine would use, which takes loading BoringSSL and the native transports
 * to find out (so plain {@code version} does not: it reads the library versions the build recorded).
 */
@Command(name = "version", description = {
        "Print the versions of securelink, Java, Netty, netty-tcnative (BoringSSL) and Bouncy Castle.",
        "With --check also the TLS provider and transport this machine would use (loads them to find out)."})
final class VersionCommand implements Runnable {
    @Option(names = "--check", description = "Also load the TLS provider and the native transport and say which this machine uses and why.")
    boolean check;

    @Override
    public void run() {
        System.out.println("securelink " + SecurelinkCommand.version());
        System.out.println("java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ")");
        System.out.println("netty " + ComponentVersions.of("netty") + ", netty-tcnative " + ComponentVersions.of("netty-tcnative") + " (BoringSSL)");
        System.out.println("bouncycastle " + ComponentVersions.of("bouncycastle") + ", bctls " + ComponentVersions.of("bctls"));
        if (check) {
            System.out.println("tls " + TlsEngine.describe(TlsEngine.choice()));
            System.out.println("transport " + Transport.choose().describe());
        }
    }
}
