package dev.eddy.serving.results;

import dev.eddy.events.event.ExperimentResults;
import dev.eddy.events.json.EventJson;
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
 * What the experiment results follower does with each record of the experiments topic, on a real experiment's
 * read-outs with some mutated or replaced by random bytes: every record with a value is either stored as a read-out
 * or counted unreadable, never thrown (which would stop the follower), and the counts add up to those records
 * exactly; a store that took a read-out answers with it.
 */
class ResultsIntakeFuzzTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    record Rec(String key, byte[] value) {}

    @Property(tries = 10_000, seed = "16", shrinking = ShrinkingMode.OFF)
    void everyReadOutIsStoredOrCountedUnreadable(@ForAll("topics") List<Rec> records) throws Exception {
        ResultsStore store = new ResultsStore(16);
        ResultsIntake intake = new ResultsIntake(store);
        long withValue = 0;
        for (Rec rec : records) {
            long readOutsBefore = intake.readOuts();
            long unreadableBefore = intake.unreadable();
            intake.accept(rec.key(), rec.value(), "eddy.experiments-0/0");
            long counted = intake.readOuts() - readOutsBefore + intake.unreadable() - unreadableBefore;
            if (rec.value() == null) {
                assertThat(counted).as("a tombstone is no read-out").isZero();
                if (rec.key() != null) assertThat(store.get(rec.key())).isEmpty();
                continue;
            }
            withValue++;
            assertThat(counted).as("one count per record").isEqualTo(1);
            if (intake.readOuts() > readOutsBefore) {
                ExperimentResults stored = EventJson.parseExperimentResults(rec.value());
                assertThat(store.get(stored.experimentId()).orElseThrow().latest()).isEqualTo(stored);
            }
        }
        assertThat(intake.readOuts() + intake.unreadable()).isEqualTo(withValue);
    }

    @Provide
    Arbitrary<List<Rec>> topics() {
        return Arbitraries.randomValue(ResultsIntakeFuzzTest::topic).withoutEdgeCases();
    }

    private static List<Rec> topic(Random r) {
        SimulatedExperiment home = SimulatedExperiment.threeArms("home", T0, r.nextLong());
        List<Rec> records = new ArrayList<>();
        for (int n = 0; n < 6; n++) {
            byte[] valid = EventJson.write(home.next(200));
            int roll = r.nextInt(10);
            if (roll < 4) records.add(new Rec("home", valid));
            else if (roll == 9) records.add(new Rec(r.nextBoolean() ? "home" : null, null));
            else records.add(new Rec(r.nextBoolean() ? "home" : null, JsonMutations.hostile(valid, r)));
        }
        return records;
    }
}
