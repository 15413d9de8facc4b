package io.securelink.appliance.status;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code fleet} never shows an offline appliance's last reported links or connections as if they were still up. */
class FleetViewTest {
    private static final String PREFIX = "securelink/v1";

    private static void put(FleetView v, String leaf, String json) {
        v.accept(PREFIX + "/hendon/site-1/" + leaf, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anOfflineApplianceHasItsLinksShownAsUnknown() {
        Instant now = Instant.now();
        FleetView v = new FleetView(PREFIX);
        put(v, StatusTopics.STATUS, "{\"time\":\"" + now + "\",\"heartbeat-seconds\":30,\"links-up\":2,\"links-total\":2}");
        put(v, StatusTopics.STATE, "{\"state\":\"online\",\"time\":\"" + now + "\"}");
        assertTrue(v.table(now).contains(" 2/2 "), v.table(now));
        put(v, StatusTopics.STATE, "{\"state\":\"offline\",\"reason\":\"stopped\",\"time\":\"" + now + "\"}");
        assertTrue(v.table(now).contains(" ?/2 "), v.table(now));
        assertTrue(v.json(now).get(0).get("links-up").isNull(), v.json(now).toString());
    }

    @Test
    void anOfflineAppliancesLiveConnectionsAreUnknownNotTheLastHeartbeats() {
        Instant now = Instant.now();
        FleetView v = new FleetView(PREFIX);
        put(v, StatusTopics.STATUS, "{\"time\":\"" + now + "\",\"heartbeat-seconds\":30,\"links-up\":2,\"links-total\":2,"
                + "\"live-connections\":7,\"live-post-quantum\":5}");
        put(v, StatusTopics.STATE, "{\"state\":\"online\",\"time\":\"" + now + "\"}");
        assertTrue(v.table(now).contains(" 5/7 "), v.table(now));
        put(v, StatusTopics.STATE, "{\"state\":\"offline\",\"reason\":\"lost\",\"time\":\"" + now + "\"}");
        assertTrue(v.table(now).contains(" ?/? "), v.table(now));
        assertTrue(v.json(now).get(0).get("live-connections").isNull(), v.json(now).toString());
        assertTrue(v.json(now).get(0).get("live-post-quantum").isNull(), v.json(now).toString());
    }
}
