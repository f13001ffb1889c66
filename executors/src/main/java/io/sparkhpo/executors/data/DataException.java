package io.sparkhpo.executors.data;

import java.nio.file.Path;

/** A data file is missing, corrupt or of the wrong shape; the message names the file and the problem. */
public class DataException extends RuntimeException {

    private final transient Path file;

    public DataException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public DataException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file (or directory) at fault. */
    public Path file() {
        return file;
    }
}
