package io.securelink.appliance.daemon;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.io.ByteArrayOutputStream;

/** Sends one request to a running appliance's control socket and returns its answer. */
public final class ControlClient {
    private ControlClient() {
    }

    /** As {@link #request(Path, String, java.time.Duration)} without a deadline (tests that drive the daemon). */
    public static String request(Path socket, String command) throws IOException {
        return request(socket, command, null);
    }

    /**
     * Sends {@code command} and reads the answer until the appliance closes the connection, for at most
     * {@code timeout} (none when null): a wedged appliance that accepts but never answers would otherwise hold
     * the command forever. Running out is a {@link SocketTimeoutException}.
     */
    public static String request(Path socket, String command, java.time.Duration timeout) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            // A watchdog closes the channel at the deadline, which ends a blocked read (no Selector: `status`
            // is timed as a CLI start-up, and a thread costs less to start than a selector's classes).
            Deadline watchdog = timeout == null ? null : new Deadline(ch, timeout.toMillis());
            if (watchdog != null) {
                watchdog.start();
            }
            try {
                ByteBuffer out = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
                while (out.hasRemaining()) {
                    ch.write(out);
                }
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                ByteBuffer in = ByteBuffer.allocate(8192);
                while (ch.read(in) >= 0) {
                    answer.write(in.array(), 0, in.position());
                    in.clear();
                }
                return answer.toString(StandardCharsets.UTF_8);
            } catch (java.nio.channels.ClosedChannelException e) {
                if (watchdog != null && watchdog.expired) {
                    throw new SocketTimeoutException("no answer within " + (timeout.toMillis() % 1000 == 0
                            ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms"));
                }
                throw e;
            } finally {
                if (watchdog != null) {
                    watchdog.interrupt();
                }
            }
        }
    }

    /** Closes the channel when the time is up (a class, not a lambda: no lambda bootstrap in a CLI start-up). */
    private static final class Deadline extends Thread {
        private final SocketChannel channel;
        private final long millis;
        volatile boolean expired;

        Deadline(SocketChannel channel, long millis) {
            super("sl-control-client-deadline"); // the CLI side; the daemon's own is sl-control-deadline
            setDaemon(true);
            this.channel = channel;
            this.millis = millis;
        }

        @Override
        public void run() {
            try {
                Thread.sleep(millis);
                expired = true;
                channel.close();
            } catch (InterruptedException | IOException e) {
                // Answered in time, or already closed.
            }
        }
    }

    static boolean isAlive(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
