package io.securelink.appliance.config;

import io.securelink.crypto.RevocationList;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How one link checks whether peer certificates were revoked ({@code tls.revocation}): the CRL files
 * (already read, one per CA of the chain) and what a CRL past its nextUpdate means, and the OCSP
 * settings. An absent section is {@link #NONE}: nothing is checked.
 *
 * @param crlFiles      the CRL files as configured, in order (watched for changes like every named file)
 * @param crls          the same files parsed, index for index
 * @param crlStale      what to do with a peer whose chain needs a stale or unverifiable CRL
 * @param ocspResponder the responder to ask instead of the one in each certificate's AIA
 */
public record RevocationConfig(
        List<Path> crlFiles,
        List<RevocationList> crls,
        CrlStale crlStale,
        OcspMode ocsp,
        Optional<URI> ocspResponder,
        Duration ocspTimeout,
        boolean staple) {

    public static final Duration DEFAULT_OCSP_TIMEOUT = Duration.ofSeconds(2);
    public static final RevocationConfig NONE =
            new RevocationConfig(List.of(), List.of(), CrlStale.REFUSE, OcspMode.OFF, Optional.empty(), DEFAULT_OCSP_TIMEOUT, false);

    public RevocationConfig {
        crlFiles = List.copyOf(crlFiles);
        crls = List.copyOf(crls);
    }

    /**
     * Whether every setting is that of {@link #NONE} (what {@code equals(NONE)} says, written out: the
     * record's generated {@code equals} bootstraps method handles, which costs every {@code check-config} run).
     */
    public boolean isNone() {
        return crlFiles.isEmpty() && crls.isEmpty() && crlStale == NONE.crlStale && ocsp == NONE.ocsp
                && ocspResponder.isEmpty() && ocspTimeout.equals(NONE.ocspTimeout) && staple == NONE.staple;
    }

    /** Whether anything at all is checked. */
    public boolean checks() {
        return !crls.isEmpty() || ocsp != OcspMode.OFF;
    }

    /** {@code crl-stale}: refuse peers whose chain needs a stale (or unverifiable) CRL, or only warn. */
    public enum CrlStale { REFUSE, WARN }

    /** {@code ocsp}: off; soft lets a peer in when no answer came in time; hard refuses it. */
    public enum OcspMode { OFF, SOFT, HARD }
}
