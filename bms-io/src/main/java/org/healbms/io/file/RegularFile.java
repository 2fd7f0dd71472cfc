package org.healbms.io.file;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The check before an input file is read: reading a directory fails with a bare "Is a directory", no path. */
public final class RegularFile {

    private RegularFile() {}

    /** Returns {@code file}; a directory is refused with its path, so the message says which one. */
    public static Path require(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory");
        }
        return file;
    }
}
