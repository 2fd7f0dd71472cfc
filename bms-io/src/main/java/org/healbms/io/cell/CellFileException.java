package org.healbms.io.cell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A cell parameter file that cannot be used; every problem names the file and the JSON path. */
public final class CellFileException extends IOException {

    private final transient List<String> problems;

    public CellFileException(Path file, List<String> problems) {
        super(file + ": "
                + (problems.size() == 1
                        ? problems.getFirst()
                        : problems.size() + " problems:\n  " + String.join("\n  ", problems)));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
