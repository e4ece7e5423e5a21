package dev.eddy.recsys.data;

import dev.eddy.events.event.Interaction;
import dev.eddy.events.readers.MalformedDataException;
import dev.eddy.events.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InteractionReaderTest {

    private static List<Interaction> read(String text, InteractionFormat format) throws IOException {
        return InteractionReader.read(new BufferedReader(new StringReader(text)), "in", format);
    }

    @Test
    void movieLensColonsAndTabs() throws IOException {
        List<Interaction> ml1m = read("1::1193::5::978300760\n1::661::3::978302109\n", InteractionFormat.MOVIELENS);
        assertThat(ml1m).hasSize(2);
        assertThat(ml1m.get(0).userId()).isEqualTo("1");
        assertThat(ml1m.get(0).itemId()).isEqualTo("1193");
        assertThat(ml1m.get(0).value()).isEqualTo(5.0);
        assertThat(ml1m.get(0).timestamp()).isEqualTo(Instant.ofEpochSecond(978300760));
        List<Interaction> ml100k = read("196\t242\t3\t881250949\n", InteractionFormat.MOVIELENS);
        assertThat(ml100k.get(0).itemId()).isEqualTo("242");
    }

    @Test
    void csvWithHeaderOptionalTimestamps() throws IOException {
        List<Interaction> rows = read("user,item,ts\nu1,i1,1700000000\nu1,i2\nu2,i1,2026-01-02T03:04:05Z\n", InteractionFormat.CSV);
        assertThat(rows).extracting(Interaction::itemId).containsExactly("i1", "i2", "i1");
        assertThat(rows.get(2).timestamp()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void eventsAreEddyInteractionJson() throws IOException {
        List<Interaction> rows = read("{\"timestamp\":\"2026-11-24T20:00:00Z\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\"}\n",
                InteractionFormat.EVENTS);
        assertThat(rows.get(0).type()).isEqualTo("view");
    }

    @Test
    void lastFmPlayCountsUnderAHeaderWithCrlf() throws IOException {
        List<Interaction> rows = read("userID\tartistID\tweight\r\n2\t51\t13883\r\n2\t52\t11690", InteractionFormat.LASTFM);
        assertThat(rows).extracting(Interaction::itemId).containsExactly("51", "52");
        assertThat(rows.get(0).userId()).isEqualTo("2");
        assertThat(rows.get(0).value()).isEqualTo(13883.0);
        assertThatThrownBy(() -> read("userID\tartistID\tweight\n2\t51\n", InteractionFormat.LASTFM))
                .hasMessageStartingWith("in:2: expected user<TAB>artist<TAB>weight");
    }

    @Test
    void readsTheRealLastFmSet() throws IOException {
        Path file = SharedData.path("lastfm/" + InteractionFormat.LASTFM_FILE);
        ImplicitDataset data = ImplicitDataset.of(InteractionReader.read(file, InteractionFormat.LASTFM));
        // The counts the HetRec 2011 release states.
        assertThat(data.numInteractions()).isEqualTo(92_834);
        assertThat(data.numUsers()).isEqualTo(1_892);
        assertThat(data.numItems()).isEqualTo(17_632);
    }

    @Test
    void badLinesNameTheLine() {
        assertThatThrownBy(() -> read("1::2::5::9\n1::2::five::9\n", InteractionFormat.MOVIELENS))
                .isInstanceOf(MalformedDataException.class).hasMessage("in:2: rating 'five' is not a finite number")
                .satisfies(e -> assertThat(((MalformedDataException) e).lineNumber()).isEqualTo(2));
        assertThatThrownBy(() -> read("1::2::5\n", InteractionFormat.MOVIELENS)).hasMessageStartingWith("in:1: expected user::item::rating::timestamp");
        assertThatThrownBy(() -> read("a,b\n\nc\n", InteractionFormat.CSV)).hasMessageStartingWith("in:3: expected user,item");
        assertThatThrownBy(() -> read("a,b,yesterday\n", InteractionFormat.CSV)).hasMessageContaining("in:1: timestamp 'yesterday'");
        assertThatThrownBy(() -> read(",b\n", InteractionFormat.CSV)).hasMessage("in:1: empty user id");
        assertThatThrownBy(() -> read("{\"userId\":\"u\",\"itemId\":\"i\"}\n{oops\n", InteractionFormat.EVENTS))
                .isInstanceOf(MalformedDataException.class).hasMessageStartingWith("in:");
        assertThatThrownBy(() -> read("\n", InteractionFormat.CSV)).hasMessageContaining("no interactions");
    }

    @Test
    void readsGzippedFilesAndIndexesDistinctPairs(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("r.csv.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("u1,i1\nu1,i1\nu2,i2\nu1,i2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        ImplicitDataset data = ImplicitDataset.of(InteractionReader.read(file, InteractionFormat.CSV));
        assertThat(data.numUsers()).isEqualTo(2);
        assertThat(data.numItems()).isEqualTo(2);
        assertThat(data.numInteractions()).isEqualTo(3);
    }
}
