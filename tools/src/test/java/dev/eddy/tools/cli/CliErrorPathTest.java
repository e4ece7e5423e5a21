package dev.eddy.tools.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one error path, one test per kind of expected failure that needs no broker: a bad option, a missing file, an
 * unreachable broker; each is one line on stderr and a non-zero exit, with a stack trace only under --verbose.
 * (Port in use and unknown topic need a broker: CliErrorPathIT.)
 */
class CliErrorPathTest {

    /** One line, no stack trace. */
    private static void assertOneLine(CliRun r, String startsWith) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith(startsWith).doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void aBadOptionIsOneLineNamingIt() {
        CliRun r = CliRun.eddy("consume", "--bootstrap-servers", "127.0.0.1:1", "examples");
        assertOneLine(r, "eddy consume: Unknown option");
        assertThat(r.err()).contains("'--bootstrap-servers'").contains("did you mean --bootstrap?");
        assertThat(r.err()).contains("(see eddy consume --help)");
    }

    @Test
    void aMissingFileIsOneLineNamingIt(@TempDir Path dir) {
        Path nope = dir.resolve("nope.json");
        CliRun r = CliRun.eddy("produce", "-b", "127.0.0.1:1", "--type", "decision", "--file", nope.toString());
        assertOneLine(r, "eddy produce: cannot read --file " + nope + ": no such file");
    }

    @Test
    void anUnreachableBrokerIsOneLineNamingTheAddressWithinTenSeconds() {
        long t0 = System.nanoTime();
        CliRun r = CliRun.eddy("consume", "-b", "127.0.0.1:1", "examples");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertOneLine(r, "eddy consume: no Kafka broker answered at 127.0.0.1:1 within 10 s — is it running? set it with -b");
        assertThat(took).isLessThan(Duration.ofSeconds(15));
        CliRun unresolvable = CliRun.eddy("topics", "-b", "no-such-host.invalid:9092");
        assertOneLine(unresolvable, "eddy topics: no Kafka broker answered at no-such-host.invalid:9092");
    }

    @Test
    void verbosePrintsTheStackTraceToo(@TempDir Path dir) {
        CliRun r = CliRun.eddy("produce", "-b", "127.0.0.1:1", "--type", "decision", "--file",
                dir.resolve("nope.json").toString(), "--verbose");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("CliFailure").contains("\tat ").contains("eddy produce: cannot read --file");
    }

    @Test
    void everySubcommandPrintsTheVersion() {
        for (String command : EddyCli.commandLine().getSubcommands().keySet()) {
            if (command.equals("help")) continue;
            CliRun r = CliRun.eddy(command, "-V");
            assertThat(r.code()).as(command).isZero();
            assertThat(r.out()).as(command + " -V").startsWith("eddy ");
        }
    }
}
