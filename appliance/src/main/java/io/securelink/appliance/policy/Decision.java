package io.securelink.appliance.policy;

/** A verdict and the rule that made it, in words a security reviewer can check against the config. */
public record Decision(Verdict verdict, String rule) {
    public boolean allowed() {
        return verdict == Verdict.ALLOWED;
    }
}
