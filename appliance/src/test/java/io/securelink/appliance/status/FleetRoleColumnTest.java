package io.securelink.appliance.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code fleet}'s ROLE column: from the heartbeat's {@code ha.role}, and at once from a {@code role-changed} event. */
class FleetRoleColumnTest {
    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void roleComesFromTheHeartbeatAndEachRoleChange() {
        Instant now = Instant.parse("2026-11-26T12:00:00Z");
        FleetView v = new FleetView("securelink");
        v.accept("securelink/hendon/site-042-a/status", json("""
                {"appliance":"site-042-a","site":"hendon","time":"2026-11-26T11:59:58Z","heartbeat-seconds":30,
                 "links-up":1,"links-total":1,"alerts-last-hour":0,"ha":{"role":"backup","healthy":true}}"""));
        v.accept("securelink/hendon/site-042-b/status", json("""
                {"appliance":"site-042-b","site":"hendon","time":"2026-11-26T11:59:58Z","heartbeat-seconds":30,
                 "links-up":1,"links-total":1,"alerts-last-hour":0}"""));
        assertEquals("backup", v.rows(now).get(0).role());
        assertEquals("-", v.rows(now).get(1).role(), "a single appliance has no role");

        v.accept("securelink/hendon/site-042-a/events", json("""
                {"seq":7,"time":"2026-11-26T11:59:59Z","type":"role-changed","severity":"warning",
                 "fields":{"from":"backup","to":"master","instance":"securelink","changes":"1"}}"""));
        assertEquals("master", v.rows(now).get(0).role());
        String table = v.table(now);
        assertTrue(table.lines().findFirst().orElseThrow().contains(" ROLE "), table);
        assertTrue(table.contains(" master "), table);
        assertEquals("master", v.json(now).get(0).path("role").asText());
    }
}
