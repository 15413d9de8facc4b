package io.securelink.appliance.config;

/** Which way a link terminates TLS. */
public enum LinkMode {
    /** Accept TLS from remote peers, forward plaintext to a local service. */
    SERVER,
    /** Accept local plaintext, originate mutual TLS to a remote peer. */
    CLIENT
}
