package io.securelink.appliance.auditlog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code audit.lock} beside the log: the writing appliance holds an exclusive lock on it (and has written
 * its pid into it) for as long as the log is open, so {@code audit-log verify} can tell a log that is
 * still being written (no final checkpoint yet, and rightly so) from one that was truncated or whose
 * appliance died. The lock goes with the process, so a crash never leaves a log looking live.
 */
public final class LiveLogLock implements AutoCloseable {
    public static final String FILE = "audit.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private LiveLogLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock for this process; fails when another process is writing the log in {@code dir}. */
    static LiveLogLock acquire(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) {
            Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        }
        FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            throw new IOException("another securelink is writing the audit log in " + dir + " (" + f + " is locked)");
        }
        try {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        } catch (IOException fullDisk) {
            // The lock is what marks the log as live; the pid beside it only names the writer.
        }
        return new LiveLogLock(f, ch, l);
    }

    /**
     * The pid of the process writing the log in {@code dir}, if one is: the lock is held (or, when the lock
     * file cannot be opened by this user, the pid it names is a running process).
     */
    public static OptionalLong writer(Path dir) {
        Path f = dir.resolve(FILE);
        OptionalLong pid = pidIn(f);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            FileLock probe;
            try {
                probe = ch.tryLock(0, Long.MAX_VALUE, true);
            } catch (OverlappingFileLockException e) {
                return pid.isPresent() ? pid : OptionalLong.of(ProcessHandle.current().pid()); // this JVM writes it
            }
            if (probe == null) {
                return pid.isPresent() ? pid : OptionalLong.of(-1);
            }
            probe.release();
            return OptionalLong.empty();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            // Not ours to open: judge by the pid it names.
            return pid.isPresent() && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false) ? pid : OptionalLong.empty();
        }
    }

    private static OptionalLong pidIn(Path f) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(f, StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(file);
            lock.release();
        } finally {
            channel.close();
        }
    }

    Optional<Path> file() {
        return Optional.of(file);
    }
}
