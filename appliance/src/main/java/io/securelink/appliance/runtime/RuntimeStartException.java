package io.securelink.appliance.runtime;

/** A link could not be started (TLS context, address, port in use); the message names the link. */
public final class RuntimeStartException extends Exception {
    public RuntimeStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
