package io.securelink.appliance.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The appliance's logging, set up in code (found through {@code META-INF/services}) instead of a
 * {@code logback.xml}: parsing XML with Joran cost every CLI command a few hundred milliseconds of
 * start-up. Logs go to stderr (under systemd/jsvc that is the journal; stdout stays for command
 * output); root level from {@code -Dsecurelink.log.level} (default INFO), Netty at WARN, the per-connection
 * lines ({@code securelink.connections}) at {@code -Dsecurelink.log.connections} (default INFO), the start-time marks
 * ({@code securelink.start}) at {@code -Dsecurelink.log.start} (default: the root level). A
 * {@code -Dlogback.configurationFile} still wins: this configurator then steps aside.
 */
public final class StderrLogConfigurator extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> err = new ConsoleAppender<>();
        err.setContext(context);
        err.setName("ERR");
        err.setTarget("System.err");
        err.setEncoder(encoder);
        err.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty("securelink.log.level", "INFO"), Level.INFO));
        root.addAppender(err);
        context.getLogger("io.netty").setLevel(Level.WARN);
        // One line per connection (peer, TLS version, suite, key-exchange group); -Dsecurelink.log.connections=WARN silences it.
        context.getLogger("securelink.connections").setLevel(Level.toLevel(System.getProperty("securelink.log.connections", "INFO"), Level.INFO));
        // Start-time marks (runtime.StartTimeline): -Dsecurelink.log.start=DEBUG logs them.
        String start = System.getProperty("securelink.log.start");
        if (start != null) {
            context.getLogger("securelink.start").setLevel(Level.toLevel(start, Level.INFO));
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
