package dev.eddy.events.readers;

import java.io.IOException;

/** A data file that cannot be read as a whole, with where it breaks: data sets are all-or-nothing. */
public class MalformedDataException extends IOException {
    private final String source;
    private final long lineNumber;

    public MalformedDataException(String source, long lineNumber, String reason) {
        super(source + ":" + lineNumber + ": " + reason);
        this.source = source;
        this.lineNumber = lineNumber;
    }

    public String source() {
        return source;
    }

    public long lineNumber() {
        return lineNumber;
    }
}
