package io.securelink.appliance.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event journal on disk: numbers never repeat or skip across reopen (also once everything was
 * delivered and deleted), delivered events go away, a full journal drops the oldest and counts them, and
 * a record torn by power loss is cut off without losing the ones before it.
 */
class EventJournalTest {
    @TempDir
    Path dir;

    private static byte[] payload(long seq, int size) {
        String s = "{\"seq\":" + seq + ",\"pad\":\"" + "x".repeat(size) + "\"}";
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sequenceContinuesAcrossReopenEvenAfterEverythingWasDelivered() throws Exception {
        try (EventJournal j = EventJournal.open(dir, 1 << 20)) {
            for (int i = 0; i < 10; i++) {
                assertEquals(i + 1, j.append(seq -> payload(seq, 10)));
            }
            j.acknowledge(4);
        }
        try (EventJournal j = EventJournal.open(dir, 1 << 20)) {
            List<EventJournal.Entry> left = j.readAfter(0, 100);
            assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L), left.stream().map(EventJournal.Entry::seq).toList());
            assertTrue(left.get(0).text().contains("\"seq\":5"));
            assertEquals(11, j.append(seq -> payload(seq, 10)));
            j.acknowledge(11);
            assertEquals(0, j.stats().pending());
        }
        try (EventJournal j = EventJournal.open(dir, 1 << 20)) {
            assertTrue(j.readAfter(0, 100).isEmpty());
            assertEquals(12, j.append(seq -> payload(seq, 10)), "no number is ever given twice");
        }
    }

    @Test
    void aFullJournalDropsTheOldestAndCountsThem() throws Exception {
        long max = 64 * 1024;
        try (EventJournal j = EventJournal.open(dir, max)) {
            for (int i = 0; i < 2000; i++) {
                j.append(seq -> payload(seq, 200));
            }
            j.sync();
            EventJournal.Stats st = j.stats();
            assertTrue(st.bytes() <= max, "bounded: " + st);
            assertTrue(st.dropped() > 0, "drops counted: " + st);
            List<EventJournal.Entry> left = j.readAfter(0, 10_000);
            assertEquals(2000, left.get(left.size() - 1).seq(), "the newest are kept");
            assertEquals(2000 - st.dropped(), left.size(), "every event is either kept or counted as dropped");
            for (int i = 1; i < left.size(); i++) {
                assertEquals(left.get(i - 1).seq() + 1, left.get(i).seq());
            }
        }
        try (EventJournal j = EventJournal.open(dir, max)) {
            assertTrue(j.dropped() > 0, "the drop count survives a restart");
            assertEquals(2001, j.nextSequence());
        }
    }

    @Test
    void aTornLastRecordIsCutOffCountedAndItsNumberNeverGivenAgain() throws Exception {
        try (EventJournal j = EventJournal.open(dir, 1 << 20)) {
            for (int i = 0; i < 5; i++) {
                j.append(seq -> payload(seq, 50));
            }
        }
        Path segment;
        try (Stream<Path> s = Files.list(dir)) {
            segment = s.filter(p -> p.getFileName().toString().startsWith("events-")).findFirst().orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 7); // power lost in the middle of writing record 5
        }
        try (EventJournal j = EventJournal.open(dir, 1 << 20)) {
            List<EventJournal.Entry> left = j.readAfter(0, 100);
            assertEquals(List.of(1L, 2L, 3L, 4L), left.stream().map(EventJournal.Entry::seq).toList());
            // Record 5 may have been published from the page cache before the power went: never reuse its number.
            assertEquals(List.of(new EventJournal.Gap(5, 5, 1, "damaged or torn records in the event journal")), j.recoveredGaps());
            assertEquals(1, j.dropped());
            assertEquals(6, j.append(seq -> payload(seq, 50)));
        }
    }

    private Path onlySegment() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("events-")).sorted().findFirst().orElseThrow();
        }
    }

    /** Flips one byte inside record {@code seq}'s payload (records 1..n of {@code size}-byte payloads). */
    private void corruptRecord(Path segment, long seq) throws Exception {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long pos = 0;
            for (long s = 1; s < seq; s++) {
                java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(4);
                ch.read(h, pos);
                pos += 16 + h.flip().getInt();
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, pos + 20);
            b.put(0, (byte) (b.get(0) ^ 0x5a));
            ch.write(b.rewind(), pos + 20);
        }
    }

    @Test
    void damagedUndeliveredRecordsAreCountedReportedAsAGapAndTheirNumbersNeverReused() throws Exception {
        try (EventJournal j = EventJournal.open(dir, 1 << 20)) {
            for (int i = 0; i < 20; i++) {
                j.append(seq -> payload(seq, 30));
            }
            j.acknowledge(5);
        }
        corruptRecord(onlySegment(), 12);
        try (EventJournal j = EventJournal.open(dir, 1 << 20)) {
            assertEquals(List.of(6L, 7L, 8L, 9L, 10L, 11L), j.readAfter(0, 100).stream().map(EventJournal.Entry::seq).toList());
            assertEquals(List.of(new EventJournal.Gap(12, 20, 9, "damaged or torn records in the event journal")), j.recoveredGaps());
            assertEquals(9, j.dropped(), "every lost record counted");
            assertEquals(21, j.append(seq -> payload(seq, 30)), "12..20 are never issued again");
        }
        try (EventJournal j = EventJournal.open(dir, 1 << 20)) {
            assertTrue(j.recoveredGaps().isEmpty(), "a clean reopen reports nothing new");
            assertEquals(22, j.append(seq -> payload(seq, 30)));
        }
    }

    @Test
    void afterAKillTheSequenceContinuesAndDamageToSyncedRecordsIsAGap() throws Exception {
        EventJournal killed = EventJournal.open(dir, 1 << 20);
        for (int i = 0; i < 10; i++) {
            killed.append(seq -> payload(seq, 30));
        }
        killed.sync();
        assertTrue(killed.readAfter(0, 100).size() == 10, "synced records are readable for publishing");
        killed.append(seq -> payload(seq, 30)); // record 11: appended, never synced, so never published
        assertEquals(10, killed.readAfter(0, 100).size(), "an unsynced record is not handed out");
        // No close(): the process was killed.
        try (EventJournal j = EventJournal.open(dir, 1 << 20)) {
            assertTrue(j.recoveredGaps().isEmpty(), "a kill loses nothing: " + j.recoveredGaps());
            assertEquals(12, j.append(seq -> payload(seq, 30)), "numbers neither repeat nor skip");
            j.sync();
        }
        corruptRecord(onlySegment(), 8);
        try (EventJournal j = EventJournal.open(dir, 1 << 20)) {
            // Records 8..11 sat in the first segment after the damage; 12 is intact in the next one.
            assertEquals(List.of(new EventJournal.Gap(8, 11, 4, "damaged records in the event journal")), j.recoveredGaps());
            assertEquals(13, j.append(seq -> payload(seq, 30)));
            assertEquals(4, j.dropped());
        }
    }

    @Test
    void journalFilesAreNotWorldReadable() throws Exception {
        try (EventJournal j = EventJournal.open(dir, 1 << 20)) {
            j.append(seq -> payload(seq, 30));
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
            }
        }
    }
}
