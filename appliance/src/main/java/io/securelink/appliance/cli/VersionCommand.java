package io.securelink.appliance.cli;

import io.securelink.appliance.link.Transport;
import io.securelink.appliance.tls.TlsEngine;
import picocli.CommandLine.Command;

/** Prints the version and the TLS provider and transport this machine would use. */
@Command(name = "version", description = "Print the version, TLS provider and transport.")
final class VersionCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("securelink " + SecurelinkCommand.version());
        System.out.println("java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        System.out.println("tls " + TlsEngine.describe(TlsEngine.provider()));
        System.out.println("transport " + Transport.choose().describe());
    }
}
