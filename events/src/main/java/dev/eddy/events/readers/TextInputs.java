package dev.eddy.events.readers;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens UTF-8 text files, gunzipping transparently. */
final class TextInputs {
    private static final int BUFFER = 1 << 16;

    private TextInputs() {}

    static BufferedReader open(Path path) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(path), BUFFER);
        try {
            // The gzip magic number, not the file name, decides: logs get renamed and re-compressed.
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            if (b1 == 0x1f && b2 == 0x8b) in = new GZIPInputStream(in, BUFFER);
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The file name without the compression suffix and the given format suffix. */
    static String baseName(Path path, String suffix) {
        String name = path.getFileName().toString();
        if (name.endsWith(".gz")) name = name.substring(0, name.length() - 3);
        if (name.endsWith(suffix)) name = name.substring(0, name.length() - suffix.length());
        return name;
    }
}
