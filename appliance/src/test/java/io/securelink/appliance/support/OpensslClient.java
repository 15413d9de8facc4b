package io.securelink.appliance.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code openssl s_client} against a link: sends one line and returns everything it printed. */
public final class OpensslClient {
    private OpensslClient() {
    }

    /**
     * @param cert client certificate chain or null for none
     * @param extra further s_client arguments (e.g. -tls1_2)
     */
    public static Processes.Result send(int port, Path cert, Path key, Path caFile, String line, String... extra) {
        return sendTo("127.0.0.1:" + port, cert, key, caFile, line, extra);
    }

    /** As {@link #send}, to an address written the way s_client takes it ({@code 127.0.0.1:443}, {@code [::1]:443}). */
    public static Processes.Result sendTo(String address, Path cert, Path key, Path caFile, String line, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", address,
                "-servername", "localhost", "-verify_return_error", "-ign_eof"));
        if (caFile != null) {
            cmd.addAll(List.of("-CAfile", caFile.toString()));
        }
        if (cert != null) {
            cmd.addAll(List.of("-cert", cert.toString(), "-key", key.toString()));
        }
        cmd.addAll(List.of(extra));
        return Processes.run(null, (line + "\n").getBytes(StandardCharsets.UTF_8), cmd);
    }
}
