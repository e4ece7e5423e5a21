package dev.eddy.serving.model;

import dev.eddy.events.event.Interaction;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import dev.eddy.events.testing.JsonMutations;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the interactions follower does with each record of its topic, on real interactions with some mutated or
 * replaced by random bytes or tombstones: every record is either recorded into SeenItems or counted unreadable, never
 * thrown (which would stop the follower's poll loop), and the two counts add up to the records exactly.
 */
class InteractionIntakeFuzzTest {

    @Property(tries = 10_000, seed = "16", shrinking = ShrinkingMode.OFF)
    void everyRecordIsRecordedOrCountedUnreadable(@ForAll("topics") List<byte[]> records) {
        SeenItems seen = new SeenItems(1_000, 50);
        InteractionIntake intake = new InteractionIntake(seen);
        for (byte[] value : records) {
            long recordedBefore = intake.recorded();
            long unreadableBefore = intake.unreadable();
            intake.accept(value, "eddy.interactions-0/0");
            long recorded = intake.recorded() - recordedBefore;
            long unreadable = intake.unreadable() - unreadableBefore;
            assertThat(recorded + unreadable).as("one count per record").isEqualTo(1);
            if (recorded == 1) {
                Interaction i = parsed(value);
                assertThat(seen.seen(i.userId())).contains(i.itemId());
            }
        }
        assertThat(intake.recorded() + intake.unreadable()).isEqualTo(records.size());
    }

    private static Interaction parsed(byte[] value) {
        try {
            return EventJson.parseInteraction(value);
        } catch (InvalidEventException e) {
            throw new AssertionError("recorded although unreadable: " + e.getMessage(), e);
        }
    }

    @Provide
    Arbitrary<List<byte[]>> topics() {
        return Arbitraries.randomValue(InteractionIntakeFuzzTest::topic).withoutEdgeCases();
    }

    private static List<byte[]> topic(Random r) {
        List<byte[]> records = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            Interaction i = new Interaction(r.nextBoolean() ? "e" + n : null, Instant.ofEpochSecond(1_780_000_000L + n),
                    "u" + r.nextInt(5), "i" + r.nextInt(20), n % 3 == 0 ? "view" : null,
                    r.nextBoolean() ? null : 1.0 + r.nextInt(5));
            byte[] valid = EventJson.write(i);
            int roll = r.nextInt(10);
            records.add(roll < 4 ? valid : roll == 9 ? null : JsonMutations.hostile(valid, r));
        }
        return records;
    }
}
