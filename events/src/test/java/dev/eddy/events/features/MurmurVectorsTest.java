package dev.eddy.events.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.codec.digest.MurmurHash3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MurmurVectorsTest {

    // Published MurmurHash3_x86_32 vectors (SMHasher's reference implementation, as listed by the Python mmh3
    // package and the widely cited test-vector tables); commons-codec's old hash32 got tail bytes wrong, so
    // these pin that hash32x86 is the correct one.
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|0|0x00000000",
            "''|1|0x514E28B7",
            "''|-1|0x81F16F39",
            "hello|0|0x248BFA47",
            "abc|0|0xB3DD93FA",
            "aaaa|0x9747B28C|0x5A97808A",
            "Hello, world!|0x9747B28C|0x24884CBA",
            "The quick brown fox jumps over the lazy dog|0x9747B28C|0x2FA826CD",
            "The quick brown fox jumps over the lazy dog|0|0x2E4FF723",
    })
    void commonsCodecMatchesPublishedVectors(String text, String seed, String expected) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int h = MurmurHash3.hash32x86(bytes, 0, bytes.length, parse(seed));
        assertThat(h).isEqualTo(parse(expected));
    }

    @Test
    void fourZeroBytesVector() {
        assertThat(MurmurHash3.hash32x86(new byte[4], 0, 4, 0)).isEqualTo(0x2362F9DE);
    }

    @Test
    void reusedBufferEncodesLikeTheJdk() {
        Utf8Murmur m = new Utf8Murmur();
        String[] edge = {"", "a", "é", "€", "😀", "a😀b", "\uD800", "x\uDC00y", "end\uD83D", "\uDE00\uD83D", "ß=DE"};
        for (String s : edge) assertSameAsJdk(m, s);

        Random random = new Random(7);
        for (int t = 0; t < 3000; t++) {
            char[] cs = new char[random.nextInt(200)];
            for (int i = 0; i < cs.length; i++) {
                cs[i] = switch (random.nextInt(4)) {
                    case 0 -> (char) random.nextInt(0x80);
                    case 1 -> (char) (0x80 + random.nextInt(0x780));
                    case 2 -> (char) (0xD800 + random.nextInt(0x800)); // surrogates, paired or not
                    default -> (char) random.nextInt(0x10000);
                };
            }
            assertSameAsJdk(m, new String(cs));
        }
    }

    private static int parse(String s) {
        return s.startsWith("0x") ? Integer.parseUnsignedInt(s.substring(2), 16) : Integer.parseInt(s);
    }

    private static void assertSameAsJdk(Utf8Murmur m, String s) {
        byte[] jdk = s.getBytes(StandardCharsets.UTF_8);
        int n = m.encode(s);
        assertThat(Arrays.copyOf(m.buffer(), n)).as("UTF-8 of %s", s).isEqualTo(jdk);
        assertThat(m.hash(s, 42)).isEqualTo(MurmurHash3.hash32x86(jdk, 0, jdk.length, 42));
    }
}
