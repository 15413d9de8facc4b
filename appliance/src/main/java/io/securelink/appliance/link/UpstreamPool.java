package io.securelink.appliance.link;

import io.securelink.appliance.config.HostPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ordered {@code connect} endpoints of a client link with their recent health. Endpoints are tried
 * in config order, except that one which failed within the last {@code penalty} is tried after the
 * healthy ones, so a dead first gateway does not cost every new connection a connect timeout.
 */
public final class UpstreamPool {
    static final long PENALTY_NANOS = 30_000_000_000L;
    private final List<HostPort> endpoints;
    private final Map<HostPort, Long> failedAt = new ConcurrentHashMap<>();

    public UpstreamPool(List<HostPort> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    /** The order to try endpoints in right now. */
    public List<HostPort> attemptOrder(long nowNanos) {
        List<HostPort> healthy = new ArrayList<>();
        List<HostPort> penalised = new ArrayList<>();
        for (HostPort e : endpoints) {
            Long t = failedAt.get(e);
            if (t != null && nowNanos - t < PENALTY_NANOS) {
                penalised.add(e);
            } else {
                healthy.add(e);
            }
        }
        healthy.addAll(penalised);
        return healthy;
    }

    public void failed(HostPort e, long nowNanos) {
        failedAt.put(e, nowNanos);
    }

    public void succeeded(HostPort e) {
        failedAt.remove(e);
    }

    /** Endpoint to healthy-or-not, in config order, for status reports. */
    public Map<String, Boolean> health(long nowNanos) {
        Map<String, Boolean> out = new java.util.LinkedHashMap<>();
        for (HostPort e : endpoints) {
            Long t = failedAt.get(e);
            out.put(e.toString(), t == null || nowNanos - t >= PENALTY_NANOS);
        }
        return out;
    }

    public List<HostPort> endpoints() {
        return endpoints;
    }
}
