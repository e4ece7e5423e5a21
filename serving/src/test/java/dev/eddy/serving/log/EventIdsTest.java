package dev.eddy.serving.log;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdsTest {
    @Test
    void idsAreVersion4UuidsWithoutRepeatsAcrossThreads() {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 8).parallel().forEach(t -> {
            for (int i = 0; i < 20_000; i++) ids.add(EventIds.next());
        });
        assertThat(ids).hasSize(160_000);
        Set<Integer> nibbles = new HashSet<>();
        for (String id : ids.stream().limit(1_000).toList()) {
            UUID u = UUID.fromString(id);
            assertThat(u.toString()).isEqualTo(id);
            assertThat(u.version()).isEqualTo(4);
            assertThat(u.variant()).isEqualTo(2);
            nibbles.add((int) (u.getLeastSignificantBits() & 0xf));
        }
        // The random bits are used: every last nibble turns up in 1,000 ids.
        assertThat(nibbles).hasSize(16);
    }
}
