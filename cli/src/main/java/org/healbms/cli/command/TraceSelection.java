package org.healbms.cli.command;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The traces a command was given: files as they are, directories as the BDF traces directly in them
 * ({@code *.bdf.csv}, {@code *.bdf.csv.gz}, sorted by name), and file-name globs the shell left
 * unexpanded ({@code 'data/*_US06.bdf.csv.gz'}). Order is kept, duplicates are dropped.
 */
final class TraceSelection {

    private static final String TRACE_GLOB = "*.{bdf.csv,bdf.csv.gz}";

    private TraceSelection() {}

    static List<Path> expand(List<Path> arguments) throws IOException {
        List<Path> traces = new ArrayList<>();
        for (Path argument : arguments) {
            List<Path> found;
            if (Files.isDirectory(argument)) {
                found = matching(argument, TRACE_GLOB);
                if (found.isEmpty()) {
                    throw new IllegalArgumentException(argument + ": holds no traces (*.bdf.csv or *.bdf.csv.gz)");
                }
            } else if (isGlob(
                    argument.getFileName() == null ? "" : argument.getFileName().toString())) {
                Path parent = argument.toAbsolutePath().getParent();
                if (!Files.isDirectory(parent)) {
                    throw new NoSuchFileException(parent.toString());
                }
                found = matching(parent, argument.getFileName().toString());
                if (found.isEmpty()) {
                    throw new IllegalArgumentException(argument + ": matches no file");
                }
            } else {
                // A file that does not exist is named by the reader, with what is wrong with it.
                found = List.of(argument);
            }
            for (Path f : found) {
                if (!traces.contains(f)) {
                    traces.add(f);
                }
            }
        }
        return traces;
    }

    private static boolean isGlob(String name) {
        return name.contains("*") || name.contains("?") || name.contains("[") || name.contains("{");
    }

    private static List<Path> matching(Path directory, String glob) throws IOException {
        PathMatcher matcher = directory.getFileSystem().getPathMatcher("glob:" + glob);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            List<Path> found = new ArrayList<>();
            for (Path p : entries) {
                if (Files.isRegularFile(p) && matcher.matches(p.getFileName())) {
                    found.add(p);
                }
            }
            found.sort(null);
            return found;
        }
    }
}
