package io.securelink.appliance.tls;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the TLS engines' delegated tasks (certificate verification included) run for links that ask
 * OCSP, so a responder that is slow to answer holds one of these threads, never an event loop. Sixteen
 * daemon threads at most, idle ones end after a minute; the queue is bounded in practice by each
 * link's {@code max-handshakes-in-flight}.
 */
final class HandshakeTasks {
    static final int THREADS = 16;
    private static final AtomicInteger N = new AtomicInteger();
    static final Executor EXECUTOR = create();

    private HandshakeTasks() {
    }

    private static Executor create() {
        ThreadPoolExecutor e = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "sl-tls-verify-" + N.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        e.allowCoreThreadTimeOut(true);
        return e;
    }
}
