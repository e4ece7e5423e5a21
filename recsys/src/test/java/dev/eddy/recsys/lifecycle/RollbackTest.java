package dev.eddy.recsys.lifecycle;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RollbackTest {

    @Test
    void onlyAKeptVersionOtherThanTheCurrentOneCanBeRolledBackTo() {
        List<Long> kept = List.of(7L, 8L, 9L);
        assertThat(Rollback.decide("recs", 8, 9, kept))
                .isEqualTo(new Rollback.Decision(true, "rollback of recs from version 9 to the tables of version 8"));
        assertThat(Rollback.decide("recs", 7, 9, kept).accepted()).isTrue();
        assertThat(Rollback.decide("recs", 5, 9, kept))
                .isEqualTo(new Rollback.Decision(false, "no version 5 kept for recs; kept: [7, 8, 9], current 9"));
        // A version above every kept one (a fold-in on the current one, or one not published yet) is not kept either.
        assertThat(Rollback.decide("recs", 10, 9, kept).reason()).isEqualTo("no version 10 kept for recs; kept: [7, 8, 9], current 9");
        assertThat(Rollback.decide("recs", 9, 9, kept))
                .isEqualTo(new Rollback.Decision(false, "version 9 is already the current version of recs; kept: [7, 8, 9]"));
        assertThat(Rollback.decide("recs", 1, 0, List.of()))
                .isEqualTo(new Rollback.Decision(false, "no version 1 kept for recs; kept: [] (no version accepted yet)"));
    }
}
