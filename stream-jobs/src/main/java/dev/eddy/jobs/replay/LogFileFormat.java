package dev.eddy.jobs.replay;

import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads one log file line by line for Flink's file source and parses each line into a {@link ReplayRecord}. The
 * file is not split, so that line numbers in problem reports are the file's own; a line that does not parse
 * becomes a problem record and reading goes on. Gzipped files are decompressed by the file source (by extension).
 */
public final class LogFileFormat extends SimpleStreamFormat<ReplayRecord> {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final LogLineParser parser;

    public LogFileFormat(String source, LogLineParser parser) {
        this.source = source;
        this.parser = parser;
    }

    @Override
    public StreamFormat.Reader<ReplayRecord> createReader(Configuration config, FSDataInputStream stream) {
        BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16);
        return new Reader(in);
    }

    @Override
    public TypeInformation<ReplayRecord> getProducedType() {
        return TypeInformation.of(ReplayRecord.class);
    }

    private final class Reader implements StreamFormat.Reader<ReplayRecord> {
        private final BufferedReader in;
        private long lineNumber;

        Reader(BufferedReader in) {
            this.in = in;
        }

        @Override
        public ReplayRecord read() throws IOException {
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && parser.hasHeader()) continue;
                // Logs end with stray blank lines; VW skips them too.
                if (line.isBlank()) continue;
                return parse(line);
            }
            return null;
        }

        private ReplayRecord parse(String line) {
            try {
                JoinedExample e = parser.parse(lineNumber, line);
                return ReplayRecord.good(source, lineNumber, e.decision().timestamp().toEpochMilli(),
                        EventJson.write(e));
            } catch (InvalidEventException | RuntimeException e) {
                String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                return ReplayRecord.bad(source, lineNumber, reason, line);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
