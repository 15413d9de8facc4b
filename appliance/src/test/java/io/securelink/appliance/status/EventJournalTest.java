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
    void aTornLastRecordIsCutOffAndTheSequenceResumesAfterTheLastIntactOne() throws Exception {
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
            // Record 5 never reached the disk whole and was never published: its number is given again.
            assertEquals(5, j.append(seq -> payload(seq, 50)));
        }
    }
}
