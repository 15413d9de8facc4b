package io.securelink.appliance.config;

import java.nio.file.Path;

/**
 * Who this appliance is ({@code id}, {@code site}) and where it keeps state. {@code devPki} asks for a
 * throw-away lab PKI to be generated into the state folder; it is for labs only and the audit flags it.
 * {@code watchConfig} ({@code appliance.watch-config}, default true): reload when the config file or a
 * file it names changes on disk, as well as on {@code securelink reload} / {@code systemctl reload}.
 */
public record ApplianceSection(String id, String site, Path stateDir, boolean devPki, boolean watchConfig) {
    public ApplianceSection(String id, String site, Path stateDir, boolean devPki) {
        this(id, site, stateDir, devPki, true);
    }
}
