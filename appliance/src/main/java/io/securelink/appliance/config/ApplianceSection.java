package io.securelink.appliance.config;

import java.nio.file.Path;

/**
 * Who this appliance is ({@code id}, {@code site}) and where it keeps state. {@code devPki} asks for a
 * throw-away lab PKI to be generated into the state folder; it is for labs only and the audit flags it.
 */
public record ApplianceSection(String id, String site, Path stateDir, boolean devPki) {
}
