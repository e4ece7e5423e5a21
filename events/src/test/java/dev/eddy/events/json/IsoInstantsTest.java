package dev.eddy.events.json;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class IsoInstantsTest {

    @Test
    void agreesWithInstantParseOnRandomInstantsAtEveryFractionLength() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            // Years 0001-9999, any nanosecond.
            Instant t = Instant.ofEpochSecond(rng.nextLong(-62_135_596_800L, 253_402_300_799L), rng.nextInt(1_000_000_000));
            String full = t.toString(); // ISO_INSTANT: 0, 3, 6 or 9 fraction digits
            for (String s : new String[] {full, truncateFraction(full, rng.nextInt(10))}) {
                assertThat(IsoInstants.parseUtc(s)).as(s).isEqualTo(slow(s));
            }
        }
    }

    @Test
    void leavesEveryOtherShapeToTheSlowPath() {
        for (String s : new String[] {
                "2026-11-24T10:15:30+01:00", "2026-11-24t10:15:30Z", "2026-11-24T10:15:30z", "2026-11-24T10:15:30.Z",
                "2016-12-31T23:59:60Z", "2026-11-24T24:00:00Z", "2026-02-30T10:15:30Z", "2026-13-01T10:15:30Z",
                "+12026-11-24T10:15:30Z", "2026-11-24T10:15:30.1234567890Z", "2026-11-24T10:15Z", "2026-11-24 10:15:30Z",
                "2026-1a-24T10:15:30Z", "2026-11-24T10:15:30.12a4Z", "", "Z"}) {
            assertThat(IsoInstants.parseUtc(s)).as(s).isNull();
        }
    }

    @Test
    void theCommonShapesAreReadExactly() {
        assertThat(IsoInstants.parseUtc("2024-02-29T23:59:59.999999999Z"))
                .isEqualTo(Instant.parse("2024-02-29T23:59:59.999999999Z"));
        assertThat(IsoInstants.parseUtc("1970-01-01T00:00:00Z")).isEqualTo(Instant.EPOCH);
        assertThat(IsoInstants.parseUtc("1969-12-31T23:59:59.5Z")).isEqualTo(Instant.ofEpochMilli(-500));
    }

    private static String truncateFraction(String iso, int digits) {
        String base = iso.substring(0, 19);
        String fraction = iso.length() > 20 ? iso.substring(20, iso.length() - 1) : "";
        fraction = (fraction + "000000000").substring(0, 9).substring(0, digits);
        return base + (digits == 0 ? "" : "." + fraction) + "Z";
    }

    private static Instant slow(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
