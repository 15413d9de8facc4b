package io.securelink.appliance.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.securelink.appliance.support.TestTimeouts;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control socket serves one connection at a time, so a client that connects and sends nothing must not hold up
 * the next request ({@code status}, {@code reload}, keepalived's {@code role}): it is cut after its time to send a line.
 */
class ControlSocketTest {
    @TempDir
    Path dir;

    @Test
    void aSilentClientDoesNotHoldUpTheNextRequest() throws Exception {
        try (ControlSocket control = ControlSocket.open(dir, request -> "answer to " + request + "\n");
             SocketChannel silent = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.connect(UnixDomainSocketAddress.of(control.path()));
            CompletableFuture<String> status = CompletableFuture.supplyAsync(() -> {
                try {
                    return ControlClient.request(control.path(), "status");
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals("answer to status", status.get(ControlSocket.READ_MILLIS + TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS).strip());
        }
    }
}
