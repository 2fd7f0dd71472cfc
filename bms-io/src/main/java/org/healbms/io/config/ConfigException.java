package org.healbms.io.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A configuration file was refused; the message lists every problem with its line and entry. */
public final class ConfigException extends IOException {

    private final List<String> problems;

    public ConfigException(Path file, List<String> problems) {
        super(file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ":\n  "
                + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
