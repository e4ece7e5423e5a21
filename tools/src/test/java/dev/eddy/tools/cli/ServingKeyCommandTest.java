package dev.eddy.tools.cli;

import dev.eddy.serving.security.KeyDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code eddy serving-key}: the key is printed once and only its hash is stored; {@code eddy config} masks secrets. */
class ServingKeyCommandTest {
    @Test
    void addPrintsTheKeyOnceAndStoresItsHash(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        CliRun add = CliRun.eddy("serving-key", "add", "--name", "shop", "--scopes", "rank,feedback", "--file", file.toString());
        assertThat(add.code()).as(add.err()).isZero();
        String key = add.out().strip();
        assertThat(key).startsWith("eddy_").doesNotContain("\n");
        String stored = Files.readString(file);
        assertThat(stored).doesNotContain(key).contains("shop rank,feedback sha256:" + KeyDigest.hex(KeyDigest.sha256(key))
                .substring(0, 16));
        assertThat(add.err()).contains("shown only now").doesNotContain(key);

        CliRun again = CliRun.eddy("serving-key", "add", "--name", "shop", "--scopes", "read", "--file", file.toString());
        assertThat(again.code()).isNotZero();
        assertThat(again.err()).contains("already has a key named 'shop'");
        CliRun badScope = CliRun.eddy("serving-key", "add", "--name", "x", "--scopes", "write", "--file", file.toString());
        assertThat(badScope.code()).isNotZero();
        assertThat(badScope.err()).contains("unknown scope 'write'");

        CliRun list = CliRun.eddy("serving-key", "list", "--file", file.toString());
        assertThat(list.code()).isZero();
        assertThat(list.out()).isEqualTo("shop rank,feedback\n");
    }

    @Test
    void addWithARateGivesTheKeyItsOwnLimit(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        CliRun add = CliRun.eddy("serving-key", "add", "--name", "batch", "--scopes", "rank", "--rate", "200", "--burst",
                "400", "--file", file.toString());
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(Files.readString(file)).containsPattern("batch rank sha256:[0-9a-f]{64} rate=200 burst=400\n");
        CliRun rateOnly = CliRun.eddy("serving-key", "add", "--name", "slow", "--scopes", "rank", "--rate", "2.5",
                "--file", file.toString());
        assertThat(rateOnly.code()).as(rateOnly.err()).isZero();
        assertThat(Files.readString(file)).contains(" rate=2.5 burst=3\n");

        CliRun burstOnly = CliRun.eddy("serving-key", "add", "--name", "x", "--scopes", "rank", "--burst", "5",
                "--file", file.toString());
        assertThat(burstOnly.code()).isNotZero();
        assertThat(burstOnly.err()).contains("--burst needs --rate");
        CliRun negative = CliRun.eddy("serving-key", "add", "--name", "y", "--scopes", "rank", "--rate", "-1",
                "--file", file.toString());
        assertThat(negative.code()).isNotZero();
        assertThat(negative.err()).contains("--rate: a rate must be a finite number >= 0");

        CliRun list = CliRun.eddy("serving-key", "list", "--file", file.toString());
        assertThat(list.out()).isEqualTo("batch rank rate=200 burst=400\nslow rank rate=2.5 burst=3\n");
    }

    @Test
    void configMasksSecretValues() {
        CliRun config = CliRun.eddy("config", "--set", "serving.api-keys=plain-secret-1,plain-secret-2",
                "--set", "serving.api-keys-file=/etc/eddy/keys");
        assertThat(config.code()).as(config.err()).isZero();
        assertThat(config.out()).doesNotContain("plain-secret").containsPattern("serving\\.api-keys\\s+= \\*{8}")
                .containsPattern("serving\\.api-keys-file\\s+= /etc/eddy/keys");
    }
}
