package io.securelink.appliance.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A local plaintext client of a client-mode link: writes a line, reads a line (null when closed). */
public final class PlainClient {
    private PlainClient() {
    }

    public static String exchange(int port, String line) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), (int) TestTimeouts.eventMillis());
            s.setSoTimeout((int) TestTimeouts.eventMillis());
            OutputStream out = s.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            try {
                return in.readLine();
            } catch (java.net.SocketException e) {
                return null;
            }
        }
    }
}
