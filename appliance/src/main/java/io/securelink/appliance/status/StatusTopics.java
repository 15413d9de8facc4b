package io.securelink.appliance.status;

/**
 * The MQTT topics of one appliance, {@code <prefix>/<site>/<appliance-id>/...}. Every publisher and the
 * fleet/query tools build topic names here, so the layout documented in docs/mqtt.md has one source.
 */
public record StatusTopics(String prefix, String site, String applianceId) {
    public static final String STATE = "state";
    public static final String STATUS = "status";
    public static final String EVENTS = "events";
    public static final String CMD = "cmd";

    public String base() {
        return prefix + "/" + site + "/" + applianceId;
    }

    public String state() {
        return base() + "/" + STATE;
    }

    public String status() {
        return base() + "/" + STATUS;
    }

    public String events() {
        return base() + "/" + EVENTS;
    }

    public String command(String name) {
        return base() + "/" + CMD + "/" + name;
    }

    /** The filter the appliance subscribes to for requests. */
    public String commandFilter() {
        return base() + "/" + CMD + "/+";
    }

    /**
     * The only topics command replies may go to: {@code <prefix>/_cli/}. No appliance's subtree can
     * overlap it, because sites and ids must start with a letter or digit.
     */
    public String replySpace() {
        return prefix + "/_cli/";
    }

    /** The filter the fleet view subscribes to: every appliance of every site under {@code prefix}. */
    public static String fleetFilter(String prefix) {
        return prefix + "/+/+/#";
    }

    /**
     * Splits a topic under {@code prefix} into site, appliance id and the rest ({@code state},
     * {@code cmd/status}...), or returns null when it is not one of ours.
     */
    public static Parsed parse(String prefix, String topic) {
        if (!topic.startsWith(prefix + "/")) {
            return null;
        }
        String[] parts = topic.substring(prefix.length() + 1).split("/", 3);
        if (parts.length < 3) {
            return null;
        }
        return new Parsed(parts[0], parts[1], parts[2]);
    }

    /** A topic taken apart by {@link #parse}. */
    public record Parsed(String site, String applianceId, String leaf) {
    }
}
