package io.securelink.appliance.config;

/** Whether a server-mode link asks remote peers for a certificate. */
public enum ClientAuth {
    REQUIRED, OPTIONAL, NONE
}
