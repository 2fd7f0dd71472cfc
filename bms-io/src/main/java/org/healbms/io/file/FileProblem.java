package org.healbms.io.file;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words a user needs when a file cannot be used. The JDK's file-system exceptions carry only the
 * path as their message ("/data/trace.csv"), which reads like a successful answer; this says what is
 * wrong with it.
 */
public final class FileProblem {

    /** java.io's form: "path (No such file or directory)". */
    private static final Pattern JAVA_IO = Pattern.compile("(.*) \\(([^()]*)\\)");

    private FileProblem() {}

    /** The message for a command's error line: "PATH: no such file", or the exception's own message. */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file" + otherFile(f);
        }
        if (e instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied" + otherFile(f);
        }
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String reason = f.getReason() == null ? "cannot be used" : plain(f.getReason());
            return f.getFile() + ": " + reason + otherFile(f);
        }
        if (e instanceof FileNotFoundException && e.getMessage() != null) {
            Matcher m = JAVA_IO.matcher(e.getMessage());
            if (m.matches()) {
                return m.group(1) + ": " + plain(m.group(2));
            }
        }
        return e.getMessage();
    }

    private static String otherFile(FileSystemException f) {
        return f.getOtherFile() == null ? "" : " (with " + f.getOtherFile() + ")";
    }

    private static String plain(String reason) {
        String r = reason.toLowerCase(Locale.ROOT);
        return r.equals("no such file or directory") ? "no such file" : r;
    }
}
