package io.securelink.appliance.cli;

import io.securelink.appliance.config.ApplianceConfig;
import io.securelink.appliance.config.ConfigException;
import io.securelink.appliance.config.ConfigLoader;
import io.securelink.appliance.config.LinkConfig;
import io.securelink.appliance.config.LinkMode;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.policy.Decision;
import io.securelink.appliance.policy.LinkPolicy;
import io.securelink.appliance.policy.Verdict;
import io.securelink.appliance.tls.PeerRefusedException;
import io.securelink.appliance.tls.PeerVerifier;
import io.securelink.crypto.IdentityFormatException;
import io.securelink.crypto.IdentityPattern;
import io.securelink.crypto.KeyMaterialException;
import io.securelink.crypto.PemFiles;
import io.securelink.crypto.PresentedIdentity;
import io.securelink.crypto.SpkiPin;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code securelink policy explain}: the decision a link would make for a source and peer, and the rule that made it. */
@Command(name = "policy", description = "Explain policy decisions.", subcommands = PolicyCommand.Explain.class)
final class PolicyCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("usage: securelink policy explain --config F --link L --source IP [--peer-cert CERT | --peer ID] [--json]");
    }

    @Command(name = "explain", description = "Print the decision for a source (and peer) on a link, and the rule that made it. Exit 0 allowed, 1 denied, 2 when the config, link, source or certificate cannot be used.")
    static final class Explain implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, required = true, description = "The YAML config file.")
        Path config;

        @Option(names = "--link", required = true, description = "Name of the link whose policy is explained.")
        String link;

        @Option(names = "--source", required = true, description = "Source IP address (v4 or v6).")
        String source;

        @Option(names = "--peer-cert", description = "The peer's certificate chain (PEM, leaf first): chain, pins, identity and route are checked.")
        Path peerCert;

        @Option(names = "--peer", description = "A peer identity such as uri:spiffe://carrier/voice or dns:gw1.carrier.example: identity and route are checked.")
        String peer;

        @Option(names = "--json", description = "Print one JSON object (link, mode, listen, source, identity, pin, route, steps, verdict, reason) instead of text.")
        boolean json;

        @Override
        public Integer call() {
            ApplianceConfig cfg;
            try {
                cfg = ConfigLoader.load(config);
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            LinkConfig l = cfg.links().get(link);
            if (l == null) {
                System.err.println("error: no link '" + link + "' in " + config + " (links: " + cfg.links().keySet() + ")");
                return 2;
            }
            InetAddress addr;
            try {
                if (!source.matches("[0-9a-fA-F:.]+")) {
                    throw new UnknownHostException(source);
                }
                addr = InetAddress.getByName(source);
            } catch (UnknownHostException e) {
                System.err.println("error: '" + source + "' is not an IP address");
                return 2;
            }
            String sourceText = io.securelink.appliance.link.AddressText.of(addr);
            PolicyExplanation out = new PolicyExplanation(l.name(), l.mode().name().toLowerCase(), String.valueOf(l.listen()), sourceText);
            Integer code = explain(l, addr, sourceText, out);
            if (code == 2) {
                if (!json) {
                    out.print(false); // what was worked out before the error, as before
                }
                return 2;
            }
            out.print(json);
            return code;
        }

        /** Works out the decision into {@code out}; returns the exit code, 2 after an error message on stderr. */
        private Integer explain(LinkConfig l, InetAddress addr, String sourceText, PolicyExplanation out) {
            out.say("link " + l.name() + " (" + l.mode().name().toLowerCase() + ", listen " + l.listen() + ")");
            LinkPolicy policy = LinkPolicy.of(l);
            Decision d = policy.source(addr);
            out.step("source", d.allowed() ? "allowed" : "denied", d.verdict().wireName() + " by " + d.rule(),
                    "source " + sourceText + ": " + d.verdict().wireName() + " by " + d.rule());
            if (!d.allowed()) {
                return out.verdict(false, d.rule());
            }
            out.step("limits", "info", policy.describeLimits(), "limits (counted at run time): " + policy.describeLimits());
            String keyExchange = keyExchange(l.tls());
            out.step("key-exchange", "info", keyExchange, "key exchange: " + keyExchange);
            PresentedIdentity identity = null;
            X509Certificate leaf = null;
            if (peerCert != null) {
                try {
                    List<X509Certificate> chain = PemFiles.readCertificates(peerCert);
                    PeerVerifier v = new PeerVerifier(l.name(), l.tls().anchors(), l.tls().pins(), l.tls().peers(), EventSink.NONE);
                    List<X509Certificate> path = v.check(chain, l.mode() == LinkMode.SERVER);
                    leaf = chain.get(0);
                    identity = PresentedIdentity.of(leaf);
                    out.identity(identity.toString());
                    Optional<String> pin = l.tls().pins().firstMatch(path).map(SpkiPin::toString);
                    pin.ifPresent(out::pin);
                    out.step("peer", "allowed", "chain, pins and identity accepted" + pin.map(p -> "; pin " + p + " matched").orElse(""),
                            "peer " + identity + ": chain, pins and identity accepted" + pin.map(p -> " (pin " + p + ")").orElse(""));
                } catch (KeyMaterialException e) {
                    System.err.println("error: " + e.getMessage());
                    return 2;
                } catch (PeerRefusedException e) {
                    out.step("peer", "denied", e.refusal().type().wireName() + ": " + e.refusal().reason(),
                            "peer refused in the handshake: " + e.refusal().reason());
                    return out.verdict(false, e.refusal().type().wireName() + ": " + e.refusal().reason());
                }
            } else if (peer != null) {
                try {
                    identity = identityOf(IdentityPattern.parse(peer));
                } catch (IdentityFormatException e) {
                    System.err.println("error: " + e.getMessage());
                    return 2;
                }
                out.identity(peer);
                Optional<IdentityPattern> m = l.tls().peers().firstMatch(identity);
                if (!l.tls().peers().isEmpty() && m.isEmpty()) {
                    out.step("identity", "denied", "not in peers " + l.tls().peers().patterns(),
                            "identity " + peer + ": not in peers " + l.tls().peers().patterns());
                    return out.verdict(false, Verdict.IDENTITY_DENIED.wireName() + ": not in peers");
                }
                String why = m.isPresent() ? "allowed by peers " + m.get() : "no peers list: any verified peer";
                out.step("identity", "allowed", why + "; pins not checked without --peer-cert",
                        "identity " + peer + ": " + why + " (pins not checked without --peer-cert)");
            } else {
                out.step("peer", "info", "not given; identity, pins and route not checked", "peer: not given; identity, pins and route not checked");
            }
            if (l.mode() == LinkMode.SERVER) {
                // The very decision the link makes after a successful handshake.
                LinkPolicy.PeerDecision r = leaf != null ? policy.afterHandshake(leaf) : policy.route(identity);
                if (!r.decision().allowed()) {
                    boolean noRoute = r.decision().verdict() == Verdict.NO_ROUTE;
                    out.step(noRoute ? "route" : "peer", "denied", noRoute ? "none matches" : r.message(),
                            noRoute ? "route: none matches" : "peer refused: " + r.message());
                    return out.verdict(false, r.decision().verdict().wireName());
                }
                out.route(r.route().forward().toString(), r.route().rule());
                out.step("route", "allowed", "forward to " + r.route().forward() + " by " + r.route().rule(),
                        "route: forward to " + r.route().forward() + " by " + r.route().rule());
                return out.verdict(true, "forward to " + r.route().forward());
            }
            out.route(l.connect().toString(), "connect (in order, failover)");
            return out.verdict(true, "connect to " + l.connect());
        }

        private static PresentedIdentity identityOf(IdentityPattern p) {
            return switch (p.kind()) {
                case DNS -> new PresentedIdentity(List.of(p.value()), List.of(), List.of(), List.of());
                case URI -> new PresentedIdentity(List.of(), List.of(p.value()), List.of(), List.of());
                case IP -> {
                    try {
                        yield new PresentedIdentity(List.of(), List.of(), List.of(InetAddress.getByName(p.value())), List.of());
                    } catch (UnknownHostException e) {
                        throw new IllegalArgumentException(e);
                    }
                }
                case CN -> new PresentedIdentity(List.of(), List.of(), List.of(), List.of(p.value()));
            };
        }
    }

    /** The groups a link offers and what it does with a peer that cannot do post-quantum key exchange. */
    static String keyExchange(io.securelink.appliance.config.TlsConfig t) {
        if (t.requirePostQuantum()) {
            return "offers " + t.effectiveGroups() + " only (require-post-quantum: a peer without one is refused in the handshake)";
        }
        if (!t.offersPostQuantum()) {
            return "offers " + t.groups() + ": NO post-quantum group, every session is classical";
        }
        return "offers " + t.groups() + " (post-quantum preferred; a classical-only peer gets " + t.groups().stream()
                .filter(g -> !g.postQuantum()).findFirst().map(Object::toString).orElse("nothing") + ")";
    }
}
