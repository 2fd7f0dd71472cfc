package org.healbms.firmware.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One firmware per state directory: two firmwares writing the same slots and audit log would each
 * overwrite the other's state, and the one that saved last would win on the next restore. The lock
 * is an OS file lock on {@value #FILE} in the state directory, so it goes with the process that
 * holds it, however that process ends (kill -9, power cut): no stale lock to clean up. The file
 * holds the holder's process id, for the message the next one gives.
 */
public final class StateDirectoryLock implements AutoCloseable {

    public static final String FILE = "healbms.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private StateDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code directory} (created if missing).
     *
     * @return the lock, held until closed; empty when another firmware, in this or another process, holds it
     */
    public static Optional<StateDirectoryLock> tryAcquire(Path directory) throws IOException {
        Files.createDirectories(directory);
        FileChannel channel = FileChannel.open(
                directory.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another firmware in this JVM
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            return Optional.of(new StateDirectoryLock(channel, lock));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Whether another firmware holds the lock of {@code directory}, asked without writing anything:
     * for a directory whose lock cannot be taken because it takes no writes (a read-only card), to
     * tell a second instance (refused) from a card that refuses writes (the firmware runs on without
     * persistence). A shared lock on the existing lock file conflicts with the holder's exclusive one.
     */
    public static boolean heldElsewhere(Path directory) {
        Path file = directory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return false; // no firmware ever locked it, or it is not there to lock
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock shared = channel.tryLock(0, Long.MAX_VALUE, true);
            if (shared == null) {
                return true;
            }
            shared.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by another firmware in this JVM
        } catch (IOException e) {
            return false; // unreadable as well: nobody can be using it as a state directory
        }
    }

    /** The process id the lock file of {@code directory} names, if it names one (to say who holds it). */
    public static Optional<Long> holder(Path directory) {
        try {
            return Optional.of(Long.parseLong(Files.readString(directory.resolve(FILE), StandardCharsets.US_ASCII)
                    .strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // being written, or not a number: the message goes without it
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
