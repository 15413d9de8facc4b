package io.securelink.appliance.support;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;

/** A bare TCP connection attempt, for proving the appliance refuses before any TLS byte. */
public final class RawConnection {
    private RawConnection() {
    }

    /**
     * Connects, sends the first bytes of a TLS record and reports whether the appliance closed the
     * connection without answering. A refusal is a reset sent on accept, which can reach connect(),
     * write() or read(): each counts as closed.
     */
    public static boolean closedWithoutAnswer(int port) throws Exception {
        try (Socket s = new Socket()) {
            try {
                s.connect(new InetSocketAddress("127.0.0.1", port), (int) TestTimeouts.eventMillis());
                s.setSoTimeout((int) TestTimeouts.eventMillis());
                s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01});
                InputStream in = s.getInputStream();
                return in.read() == -1;
            } catch (SocketException reset) {
                return true;
            }
        }
    }
}
