package dev.eddy.serving.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The API key file (serving.api-keys-file, and the same entries in the variable serving.api-keys-env names): one key
 * per line, {@code <name> <scopes> sha256:<hex> [rate=<per second>] [burst=<requests>]}, e.g.
 * {@code shop-frontend rank,feedback sha256:9f86… rate=200 burst=400}; the optional rate and burst are the key's own
 * limit instead of serving.rate-limit / serving.rate-burst (burst defaults to one second's worth, rate=0 is no limit
 * for the key). Blank lines and {@code #} comments are skipped. A line that is one word is a key in plain text, the format of the older flat
 * list: it is accepted with every scope (as before, when any key could call every endpoint), and counted so that
 * serving can warn that the file holds a secret. Errors name the line, never its text (which may be a secret).
 */
public final class ApiKeyFile {
    private static final String SHA256 = "sha256:";

    private ApiKeyFile() {}

    /**
     * @param plainKeys lines that held a key in plain text (named {@code <source>-line-<n>}, every scope)
     */
    public record Parsed(List<ApiKey> keys, int plainKeys) {}

    /** Reads the entries of {@code text}; {@code source} names it in errors (a key, a file). */
    public static Parsed parse(String text, String source) {
        return parse(text.split("\r?\n", -1), source);
    }

    /** The entries of an environment variable: lines as in the file, or entries separated by {@code ;}. */
    public static Parsed parseVariable(String value, String source) {
        return parse(value.split("\r?\n|;", -1), source);
    }

    private static Parsed parse(String[] lines, String source) {
        List<ApiKey> keys = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int plain = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String where = source + " line " + (i + 1);
            String[] parts = line.split("\\s+");
            ApiKey key;
            if (parts.length == 1) {
                key = new ApiKey(plainName(source, i + 1), Scope.ALL, KeyDigest.sha256(parts[0]));
                plain++;
            } else if (parts.length >= 3 && parts.length <= 5 && limitWords(parts)) {
                key = entry(parts, where).withRateLimit(rateLimit(parts, where));
            } else {
                throw new IllegalArgumentException(where + ": expected '<name> <scopes> sha256:<hex> [rate=<n>] [burst=<n>]' "
                        + "(or one plain key), found " + parts.length + " words");
            }
            if (!names.add(key.name())) throw new IllegalArgumentException(where + ": the name '" + key.name() + "' is used twice");
            keys.add(key);
        }
        return new Parsed(List.copyOf(keys), plain);
    }

    private static ApiKey entry(String[] parts, String where) {
        if (!ApiKey.validName(parts[0])) {
            throw new IllegalArgumentException(where + ": a key's name must be 1-64 of A-Z a-z 0-9 . _ @ -");
        }
        java.util.Set<Scope> scopes;
        try {
            scopes = Scope.parseList(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
        if (!parts[2].startsWith(SHA256) || parts[2].length() != SHA256.length() + 64) {
            throw new IllegalArgumentException(where + ": the third word must be sha256: and 64 hex digits");
        }
        byte[] digest;
        try {
            digest = HexFormat.of().parseHex(parts[2].substring(SHA256.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": the third word must be sha256: and 64 hex digits");
        }
        return new ApiKey(parts[0], scopes, digest);
    }

    // Checked before the entry is parsed: a line of other words may be a secret, and the entry's errors quote words.
    private static boolean limitWords(String[] parts) {
        for (int i = 3; i < parts.length; i++) {
            if (!parts[i].startsWith("rate=") && !parts[i].startsWith("burst=")) return false;
        }
        return true;
    }

    /** The words after the digest: {@code rate=} and {@code burst=}, each at most once; null when neither is there. */
    private static RateLimit rateLimit(String[] parts, String where) {
        Double rate = null;
        Double burst = null;
        for (int i = 3; i < parts.length; i++) {
            String word = parts[i];
            if (word.startsWith("rate=") && rate == null) rate = number(word, "rate=", where);
            else if (word.startsWith("burst=") && burst == null) burst = number(word, "burst=", where);
            else throw new IllegalArgumentException(where + ": after the hash only rate=<n> and burst=<n> may follow, once each");
        }
        if (rate == null && burst == null) return null;
        if (rate == null) throw new IllegalArgumentException(where + ": burst= needs a rate= beside it");
        try {
            return RateLimit.of(rate, burst);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static double number(String word, String prefix, String where) {
        try {
            return Double.parseDouble(word.substring(prefix.length()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + prefix + " must be followed by a number");
        }
    }

    /** A plain key's name: where it came from, never a part of it. */
    static String plainName(String source, int line) {
        String s = source.replaceAll("[^A-Za-z0-9._@-]", "_");
        if (s.length() > 48) s = s.substring(s.length() - 48);
        return s + "-line-" + line;
    }

    public static String line(ApiKey key) {
        String line = key.name() + " " + Scope.format(key.scopes()) + " " + SHA256 + KeyDigest.hex(key.sha256());
        RateLimit limit = key.rateLimit();
        return limit == null ? line : line + " " + limit.words();
    }

    /**
     * Adds {@code key} to the file (created, readable by its owner only, when missing). The file is replaced in one
     * move so that a serving process polling it never reads half of it.
     *
     * @throws IllegalArgumentException when the file already has a key of that name, or does not parse
     */
    public static void append(Path file, ApiKey key) throws IOException {
        String before = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        for (ApiKey k : parse(before, file.toString()).keys()) {
            if (k.name().equals(key.name())) throw new IllegalArgumentException(file + " already has a key named '" + key.name() + "'");
        }
        String text = before.isEmpty() ? "# Eddy serving API keys: <name> <scopes> sha256:<hex> [rate=<n>] [burst=<n>] (eddy serving-key add)\n"
                : before.endsWith("\n") ? before : before + "\n";
        text += line(key) + "\n";
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            restrict(tmp);
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void restrict(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: its default permissions stay.
        }
    }
}
