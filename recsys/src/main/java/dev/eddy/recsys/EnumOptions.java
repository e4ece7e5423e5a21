package dev.eddy.recsys;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Enum constants as lower-case option values: parse with a message that lists the known values. */
public final class EnumOptions {
    private EnumOptions() {}

    public static <E extends Enum<E>> E parse(Class<E> type, String value, String what) {
        for (E e : type.getEnumConstants()) {
            if (label(e).equals(value.trim().toLowerCase(Locale.ROOT))) return e;
        }
        throw new IllegalArgumentException("unknown " + what + " '" + value + "'; known " + what + "s: " + names(type));
    }

    public static <E extends Enum<E>> String names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(EnumOptions::label).collect(Collectors.joining(", "));
    }

    public static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
