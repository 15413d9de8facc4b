package io.securelink.appliance.tls;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Asks an OCSP responder over HTTP (RFC 6960 appendix A: POST {@code application/ocsp-request}). Blocking,
 * bounded by the link's {@code ocsp-timeout}; callers run it on the handshake-task executor or a
 * background thread, never on an event loop.
 */
final class OcspResponder {
    static final int MAX_RESPONSE_BYTES = 1 << 20;
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(HttpClient.Builder.NO_PROXY)
            .build();

    private OcspResponder() {
    }

    static byte[] ask(URI responder, byte[] request, Duration timeout) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(responder)
                .timeout(timeout)
                .header("Content-Type", "application/ocsp-request")
                .header("Accept", "application/ocsp-response")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request))
                .build();
        HttpResponse<byte[]> resp;
        try {
            resp = CLIENT.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray())
                    .get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + responder, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new HttpTimeoutException("no answer from " + responder + " within " + timeout.toMillis() + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new IOException(responder + ": " + c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage()), c);
        }
        if (resp.statusCode() != 200) {
            throw new IOException(responder + " answered HTTP " + resp.statusCode());
        }
        if (resp.body().length > MAX_RESPONSE_BYTES) {
            throw new IOException(responder + " sent " + resp.body().length + " bytes, more than an OCSP response needs");
        }
        return resp.body();
    }
}
