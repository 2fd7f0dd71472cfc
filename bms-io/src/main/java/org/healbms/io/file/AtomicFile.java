package org.healbms.io.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files that appear whole or not at all: written under a temporary name beside the target, flushed
 * to disk, then renamed over it in one step. A reader (or the next boot) never finds half a file.
 */
public final class AtomicFile {

    private AtomicFile() {}

    /** A temporary file in the target's directory (a rename across file systems is not atomic). */
    public static Path temporaryFor(Path target) throws IOException {
        return temporaryFor(target, ".partial");
    }

    /** As {@link #temporaryFor(Path)}, with a chosen suffix for writers that insist on one. */
    public static Path temporaryFor(Path target, String suffix) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "." + target.getFileName(), suffix);
    }

    /** Syncs the finished temporary file and renames it over the target; deletes it on failure. */
    public static void replace(Path temporary, Path target) throws IOException {
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
