package dev.eddy.recsys.data;

import dev.eddy.events.event.Interaction;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import dev.eddy.events.readers.MalformedDataException;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads interaction files (optionally gzipped) into {@link Interaction}s. A data set is all or nothing: the first
 * bad line stops the read with its file and line number, rather than training on a silently shortened set.
 */
public final class InteractionReader {
    private InteractionReader() {}

    public static List<Interaction> read(Path path, InteractionFormat format) throws IOException {
        try (BufferedReader in = open(path)) {
            return read(in, path.toString(), format);
        }
    }

    public static List<Interaction> read(BufferedReader in, String source, InteractionFormat format) throws IOException {
        List<Interaction> out = new ArrayList<>();
        String line;
        long lineNo = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) continue;
            Interaction parsed = switch (format) {
                case MOVIELENS -> movieLens(line, source, lineNo);
                case CSV -> csv(line, source, lineNo);
                case EVENTS -> event(line, source, lineNo);
                case LASTFM -> lastFm(line, source, lineNo);
            };
            if (parsed != null) out.add(parsed);
        }
        if (out.isEmpty()) throw new MalformedDataException(source, lineNo, "no interactions in the file");
        return out;
    }

    private static Interaction movieLens(String line, String source, long lineNo) throws MalformedDataException {
        String[] f = line.contains("::") ? line.split("::", -1) : line.split("\t", -1);
        if (f.length != 4) {
            throw new MalformedDataException(source, lineNo, "expected user::item::rating::timestamp (or 4 tab-separated fields), got " + f.length + " field(s)");
        }
        double rating = number(f[2], "rating", source, lineNo);
        Instant ts = epochSeconds(f[3], source, lineNo);
        return new Interaction(null, ts, id(f[0], "user", source, lineNo), id(f[1], "item", source, lineNo), "rating", rating);
    }

    private static Interaction csv(String line, String source, long lineNo) throws MalformedDataException {
        String[] f = line.split(",", -1);
        if (lineNo == 1 && isHeader(f[0])) return null;
        if (f.length < 2 || f.length > 3) {
            throw new MalformedDataException(source, lineNo, "expected user,item[,timestamp], got " + f.length + " field(s)");
        }
        Instant ts = f.length == 3 ? timestamp(f[2].trim(), source, lineNo) : Instant.EPOCH;
        return new Interaction(null, ts, id(f[0], "user", source, lineNo), id(f[1], "item", source, lineNo), "click", 1.0);
    }

    private static Interaction lastFm(String line, String source, long lineNo) throws MalformedDataException {
        String[] f = line.split("\t", -1);
        if (lineNo == 1 && isHeader(f[0])) return null;
        if (f.length != 3) {
            throw new MalformedDataException(source, lineNo, "expected user<TAB>artist<TAB>weight, got " + f.length + " field(s)");
        }
        double plays = number(f[2], "weight", source, lineNo);
        return new Interaction(null, Instant.EPOCH, id(f[0], "user", source, lineNo), id(f[1], "artist", source, lineNo), "play", plays);
    }

    private static Interaction event(String line, String source, long lineNo) throws MalformedDataException {
        try {
            return EventJson.parseInteraction(line.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidEventException e) {
            throw new MalformedDataException(source, lineNo, e.getMessage());
        }
    }

    private static boolean isHeader(String first) {
        String f = first.trim().toLowerCase(java.util.Locale.ROOT);
        return f.equals("user") || f.equals("userid") || f.equals("user_id");
    }

    private static String id(String raw, String what, String source, long lineNo) throws MalformedDataException {
        String id = raw.trim();
        if (id.isEmpty()) throw new MalformedDataException(source, lineNo, "empty " + what + " id");
        return id;
    }

    private static double number(String raw, String what, String source, long lineNo) throws MalformedDataException {
        try {
            // NaN, Infinity and 1e999 parse but are no rating or play count: they would poison every sum after them.
            double v = Double.parseDouble(raw.trim());
            if (Double.isFinite(v)) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MalformedDataException(source, lineNo, what + " '" + raw + "' is not a finite number");
    }

    // Seconds beyond Instant's range (a cut or corrupted timestamp) are a bad line, not a DateTimeException.
    private static Instant epochSeconds(String raw, String source, long lineNo) throws MalformedDataException {
        double seconds = number(raw, "timestamp", source, lineNo);
        try {
            return Instant.ofEpochSecond((long) seconds);
        } catch (java.time.DateTimeException e) {
            throw new MalformedDataException(source, lineNo, "timestamp '" + raw + "' is out of range");
        }
    }

    private static Instant timestamp(String raw, String source, long lineNo) throws MalformedDataException {
        if (raw.isEmpty()) return Instant.EPOCH;
        try {
            return raw.chars().allMatch(Character::isDigit) ? Instant.ofEpochSecond(Long.parseLong(raw)) : Instant.parse(raw);
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw new MalformedDataException(source, lineNo, "timestamp '" + raw + "' is neither epoch seconds nor ISO-8601");
        }
    }

    private static BufferedReader open(Path path) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        try {
            // The gzip magic number decides, not the file name.
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            if (b1 == 0x1f && b2 == 0x8b) in = new GZIPInputStream(in, 1 << 16);
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }
}
