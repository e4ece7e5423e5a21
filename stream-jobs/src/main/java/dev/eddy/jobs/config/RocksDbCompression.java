package dev.eddy.jobs.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A compression RocksDB may use for the files of one level (state.rocksdb.compression). */
public enum RocksDbCompression {
    NONE("NO_COMPRESSION"),
    LZ4("LZ4_COMPRESSION"),
    SNAPPY("SNAPPY_COMPRESSION");

    private final String flinkName;

    RocksDbCompression(String flinkName) {
        this.flinkName = flinkName;
    }

    /** {@code none,none,lz4}: one per level from L0. */
    static List<RocksDbCompression> parseLevels(String value) {
        List<RocksDbCompression> levels = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            RocksDbCompression level = switch (name) {
                case "none" -> NONE;
                case "lz4" -> LZ4;
                case "snappy" -> SNAPPY;
                default -> throw new IllegalArgumentException(name.isEmpty() ? "a level is empty"
                        : "'" + part.trim() + "' is not a compression (none, lz4 or snappy)");
            };
            levels.add(level);
        }
        return List.copyOf(levels);
    }

    /** The value of Flink's state.backend.rocksdb.compression.per.level for these levels. */
    public static String flinkLevels(List<RocksDbCompression> levels) {
        return levels.stream().map(l -> l.flinkName).collect(Collectors.joining(";"));
    }
}
