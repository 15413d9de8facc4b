package io.securelink.appliance.link;

import io.securelink.appliance.config.HostPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Name resolution off the event loops: the JDK resolver blocks, so it runs on two dedicated daemon
 * threads. Address literals are resolved in place without a thread hop.
 */
public final class Resolver implements AutoCloseable {
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "sl-resolve");
        t.setDaemon(true);
        return t;
    });

    public CompletableFuture<InetSocketAddress> resolve(HostPort hp) {
        if (isLiteral(hp.host())) {
            try {
                return CompletableFuture.completedFuture(new InetSocketAddress(InetAddress.getByName(hp.host()), hp.port()));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new InetSocketAddress(InetAddress.getByName(hp.host()), hp.port());
            } catch (UnknownHostException e) {
                throw new java.util.concurrent.CompletionException(new UnknownHostException("cannot resolve " + hp.host()));
            }
        }, executor);
    }

    static boolean isLiteral(String host) {
        return IPV4_LITERAL.matcher(host).matches() || host.contains(":");
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
