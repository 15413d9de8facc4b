package io.securelink.appliance.policy;

/**
 * A token bucket for new connections: refills {@code perSecond} tokens a second up to {@code burst};
 * each accepted connection takes one. Time is passed in (nanoseconds) so behaviour is exactly testable.
 */
public final class TokenBucket {
    private final double perSecond;
    private final double perNano;
    private final int burst;
    private double tokens;
    private long last;

    public TokenBucket(double perSecond, int burst, long nowNanos) {
        this(perSecond, burst, burst, nowNanos);
    }

    private TokenBucket(double perSecond, int burst, double tokens, long nowNanos) {
        this.perSecond = perSecond;
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = tokens;
        this.last = nowNanos;
    }

    /** True when this bucket refills at {@code perSecond} up to {@code burst}. */
    public boolean hasRate(double perSecond, int burst) {
        return this.perSecond == perSecond && this.burst == burst;
    }

    /**
     * A bucket with a new rate for the same source: it keeps the tokens it holds now, never more than the
     * new burst, so a tighter rate applies at once and a looser one grants nothing the old one had not.
     */
    public synchronized TokenBucket withRate(double perSecond, int burst, long nowNanos) {
        refill(nowNanos);
        return new TokenBucket(perSecond, burst, Math.min(tokens, burst), nowNanos);
    }

    public synchronized boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return true;
        }
        return false;
    }

    /** True when the bucket is full again, i.e. it holds no state worth keeping. */
    public synchronized boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= burst;
    }

    private void refill(long now) {
        long elapsed = now - last;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            last = now;
        }
    }
}
