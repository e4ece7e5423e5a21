package dev.eddy.events.readers;

import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import dev.eddy.events.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObdLineParserTest {

    @Test
    void linesParseToTheSameEventsAsTheWholeFileReader() throws Exception {
        Path log = SharedData.path("open-bandit-men/bts/men.csv");
        List<LoggedEvent> whole = OpenBanditReader.read(log).events();
        List<String> lines = Files.readAllLines(log);
        ObdLineParser parser = roundTrip(new ObdLineParser(lines.get(0),
                OpenBanditReader.readItems(log.resolveSibling("item_context.csv")), "bts", "men"));
        for (int i = 0; i < 200; i++) {
            LoggedEvent e = parser.parse(i + 2, lines.get(i + 1));
            // Records compare by value; JSON makes a mismatch readable.
            assertThat(EventJson.writeString(e.decision())).isEqualTo(EventJson.writeString(whole.get(i).decision()));
            assertThat(e.rewards()).isEqualTo(whole.get(i).rewards());
            assertThat(e.lineNumber()).isEqualTo(i + 2);
        }
    }

    @Test
    void aBrokenLineIsRejectedWithItsReason() throws Exception {
        Path log = SharedData.path("open-bandit-men/random/men.csv");
        String header = Files.readAllLines(log).get(0);
        ObdLineParser parser = new ObdLineParser(header,
                OpenBanditReader.readItems(log.resolveSibling("item_context.csv")), "random", "men");
        assertThatThrownBy(() -> parser.parse(7, "1,2019-11-24 00:01:03+00:00,2,2,notaclick"))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("columns");
    }

    private static ObdLineParser roundTrip(ObdLineParser p) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(p);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (ObdLineParser) in.readObject();
        }
    }
}
