package io.securelink.appliance.cli;

import io.securelink.appliance.config.DevPki;
import io.securelink.appliance.daemon.ControlSocket;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run of the command line's class data sharing archive ({@code CdsTraining --cli}): the
 * commands as people and scripts run them ({@code version}, {@code check-config} on a lab config before and
 * after its dev PKI exists, {@code pin FILE}, {@code status} against a control socket), and nothing of the
 * daemon, so the archive holds what these commands load and no more. Every JVM start maps and relocates
 * the whole archive (the JDK maps it at a random address), so an archive with the daemon's classes in it
 * costs each command more than the classes it shares save.
 */
final class CliCdsTraining {
    private CliCdsTraining() {
    }

    static void run(Path work) throws Exception {
        Path config = work.resolve("securelink.yaml");
        // Ports 1-3: nothing binds them; the commands only read the config.
        Files.writeString(config, CdsTraining.trainingConfig("cds-cli-training", 1, 2, 3));
        Path state = Files.createDirectories(work.resolve("state"));
        CdsTraining.quietly(() -> {
            SecurelinkCommand.execute("version");
            SecurelinkCommand.execute("--version");
            SecurelinkCommand.execute("check-config", "--config", config.toString()); // dev PKI not made yet: checked by name
            DevPki.ensure(state.resolve(DevPki.FOLDER));
            SecurelinkCommand.execute("check-config", "--config", config.toString());
            SecurelinkCommand.execute("pin", state.resolve(DevPki.FOLDER).resolve("server.crt").toString());
            Path socket = state.resolve(ControlSocket.FILE_NAME);
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socket));
                Thread t = new Thread(() -> answerOnce(server), "cds-control");
                t.setDaemon(true);
                t.start();
                SecurelinkCommand.execute("status", "--config", config.toString());
                t.join(10_000);
            } finally {
                Files.deleteIfExists(socket);
            }
        });
    }

    /** Stands in for the daemon's control socket: reads the request line, answers one line, closes. */
    private static void answerOnce(ServerSocketChannel server) {
        try (SocketChannel c = server.accept()) {
            ByteBuffer in = ByteBuffer.allocate(256);
            while (c.read(in) > 0 && in.get(in.position() - 1) != '\n') {
                // until the request's newline
            }
            c.write(ByteBuffer.wrap("appliance cds-cli-training (training)\n".getBytes(StandardCharsets.UTF_8)));
        } catch (IOException ignored) {
            // training only: a failed request still loaded the client's classes
        }
    }
}
