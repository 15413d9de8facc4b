package io.securelink.appliance.runtime;

import io.securelink.appliance.config.HostPort;
import java.net.BindException;

/**
 * Says why a link could not listen, in terms an operator can act on: which link, which address, what the
 * kernel said and what to do about it (free the port or move the link with its {@code listen:}; a port below
 * 1024 needs the privilege; an address this host does not have). Netty's native transports and the JDK word
 * the same errors differently ({@code bind(..) failed with error(-98): Address already in use} /
 * {@code Address already in use}); both are recognised.
 */
final class ListenFailure {
    private ListenFailure() {
    }

    static String describe(String link, HostPort listen, Throwable error) {
        String what = String.valueOf(rootMessage(error));
        String head = "link " + link + ": cannot listen on " + listen + ": ";
        if (what.contains("Address already in use")) {
            return head + "the address is already in use by another process (`ss -ltnp 'sport = :" + listen.port()
                    + "'` shows which); stop it, or give link " + link + " a free port in its `listen:` in the config";
        }
        if (what.contains("Permission denied") || what.contains("Operation not permitted")) {
            return head + "permission denied (" + what + "); ports below 1024 need root or CAP_NET_BIND_SERVICE, "
                    + "as the packaged unit grants; or give link " + link + " a port above 1023 in its `listen:`";
        }
        if (what.contains("Cannot assign requested address")) {
            return head + "this host has no address " + listen.host() + "; give link " + link
                    + " an address of this host in its `listen:`, or add an `ha:` section for a virtual IP another box may hold";
        }
        return head + what;
    }

    private static String rootMessage(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BindException || t.getCause() == null) {
                return t.getMessage();
            }
        }
        return error.getMessage();
    }
}
