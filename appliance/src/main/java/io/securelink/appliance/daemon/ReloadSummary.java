package io.securelink.appliance.daemon;

import io.securelink.appliance.config.ApplianceConfig;
import io.securelink.appliance.config.LinkConfig;
import io.securelink.appliance.config.TlsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a reload changed, in the words the reply and the log use: links added and removed, and for each
 * changed link which part (policy, certificate, trust, endpoints), so an operator sees that the file
 * they edited is what took effect.
 */
final class ReloadSummary {
    private ReloadSummary() {
    }

    static String of(ApplianceConfig before, ApplianceConfig after, List<String> added, List<String> removed, List<String> changed) {
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("links added: " + String.join(", ", added));
        }
        if (!removed.isEmpty()) {
            parts.add("links removed: " + String.join(", ", removed));
        }
        if (!changed.isEmpty()) {
            List<String> each = new ArrayList<>();
            for (String name : changed) {
                LinkConfig a = before.links().get(name);
                LinkConfig b = after.links().get(name);
                each.add(name + (a == null || b == null ? "" : " (" + String.join(", ", aspects(a, b)) + ")"));
            }
            parts.add("links changed: " + String.join(", ", each));
        }
        if (!Objects.equals(before.status(), after.status())) {
            parts.add("status reporting changed");
        }
        if (!Objects.equals(before.appliance(), after.appliance())) {
            parts.add("appliance settings changed");
        }
        return parts.isEmpty() ? "no link changed" : String.join("; ", parts);
    }

    static List<String> aspects(LinkConfig a, LinkConfig b) {
        List<String> out = new ArrayList<>();
        if (!Objects.equals(a.policy(), b.policy())) {
            out.add("policy");
        }
        TlsConfig x = a.tls();
        TlsConfig y = b.tls();
        if (!Objects.equals(x.credentials().chain(), y.credentials().chain()) || !Objects.equals(x.certificate(), y.certificate())
                || !Objects.equals(x.key(), y.key())) {
            out.add("certificate");
        }
        if (!Objects.equals(x.anchors(), y.anchors()) || !Objects.equals(x.pins(), y.pins()) || !Objects.equals(x.peers(), y.peers())
                || x.clientAuth() != y.clientAuth() || !Objects.equals(x.versions(), y.versions()) || !Objects.equals(x.trust(), y.trust())) {
            out.add("trust, pins or peers");
        }
        if (a.mode() != b.mode() || !Objects.equals(a.listen(), b.listen()) || !Objects.equals(a.forward(), b.forward())
                || !Objects.equals(a.connect(), b.connect()) || !Objects.equals(a.timeouts(), b.timeouts())) {
            out.add("endpoints or timeouts");
        }
        if (out.isEmpty()) {
            out.add("settings");
        }
        return out;
    }
}
