package io.securelink.appliance.daemon;

import io.securelink.appliance.config.ConfigException;
import io.securelink.appliance.runtime.RuntimeStartException;
import java.nio.file.Path;
import org.apache.commons.daemon.Daemon;
import org.apache.commons.daemon.DaemonContext;
import org.apache.commons.daemon.DaemonInitException;

/**
 * The Apache Commons Daemon (jsvc) entry point. Arguments: {@code --config FILE}. It drives the same
 * {@link ApplianceLifecycle} as {@code securelink run}, so there is one code path for both.
 */
public final class SecurelinkDaemon implements Daemon {
    private ApplianceLifecycle lifecycle;

    @Override
    public void init(DaemonContext context) throws DaemonInitException {
        String[] args = context.getArguments();
        Path config = Path.of("/etc/securelink/securelink.yaml");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                config = Path.of(args[++i]);
            } else if (args[i].startsWith("--config=")) {
                config = Path.of(args[i].substring("--config=".length()));
            } else {
                throw new DaemonInitException("unknown argument '" + args[i] + "' (expected --config FILE)");
            }
        }
        lifecycle = new ApplianceLifecycle(config);
        try {
            lifecycle.init();
        } catch (ConfigException e) {
            throw new DaemonInitException("invalid configuration:\n" + e.getMessage());
        } catch (RuntimeStartException e) {
            throw new DaemonInitException(e.getMessage());
        }
    }

    @Override
    public void start() throws Exception {
        lifecycle.start();
    }

    @Override
    public void stop() {
        lifecycle.stop();
    }

    @Override
    public void destroy() {
        if (lifecycle != null) {
            lifecycle.destroy();
        }
    }

    ApplianceLifecycle lifecycle() {
        return lifecycle;
    }
}
