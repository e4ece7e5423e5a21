package dev.eddy.serving.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeyFileTest {
    @Test
    void entriesHaveANameScopesAndADigestAndPlainLinesAreKeysWithEveryScope() {
        String digest = KeyDigest.hex(KeyDigest.sha256("s3cret"));
        ApiKeyFile.Parsed p = ApiKeyFile.parse("# comment\n\nshop rank,feedback sha256:" + digest + "\nold-plain-key\n"
                + "ops all sha256:" + digest + "\n", "keys");
        assertThat(p.keys()).hasSize(3);
        assertThat(p.plainKeys()).isEqualTo(1);
        ApiKey shop = p.keys().get(0);
        assertThat(shop.name()).isEqualTo("shop");
        assertThat(shop.scopes()).isEqualTo(EnumSet.of(Scope.RANK, Scope.FEEDBACK));
        assertThat(shop.matches(KeyDigest.sha256("s3cret"))).isTrue();
        assertThat(p.keys().get(1).name()).isEqualTo("keys-line-4");
        assertThat(p.keys().get(1).scopes()).isEqualTo(Scope.ALL);
        assertThat(p.keys().get(1).matches(KeyDigest.sha256("old-plain-key"))).isTrue();
        assertThat(p.keys().get(2).scopes()).isEqualTo(Scope.ALL);
        assertThat(shop.toString()).doesNotContain(digest);
    }

    @Test
    void anEntryMayCarryItsOwnRateAndBurstWhichAppendWritesBack(@TempDir Path dir) throws Exception {
        String digest = KeyDigest.hex(KeyDigest.sha256("s3cret"));
        ApiKeyFile.Parsed p = ApiKeyFile.parse("shop rank sha256:" + digest + " rate=200 burst=400\n"
                + "batch rank sha256:" + digest + " rate=2.5\n"
                + "internal all sha256:" + digest + " rate=0\n"
                + "plain rank sha256:" + digest + "\n", "keys");
        assertThat(p.keys()).extracting(ApiKey::rateLimit).containsExactly(new RateLimit(200, 400), new RateLimit(2.5, 3),
                new RateLimit(0, 1), null);
        assertThat(p.keys().get(2).rateLimit().unlimited()).isTrue();

        Path file = dir.resolve("keys");
        ApiKeyFile.append(file, new ApiKey("shop", Scope.ALL, KeyDigest.sha256("s3cret"), new RateLimit(200, 400)));
        ApiKeyFile.append(file, new ApiKey("slow", Scope.ALL, KeyDigest.sha256("other"), new RateLimit(0.5, 1)));
        assertThat(Files.readString(file)).contains(" rate=200 burst=400\n").contains(" rate=0.5 burst=1\n");
        assertThat(ApiKeyFile.parse(Files.readString(file), "keys").keys()).extracting(ApiKey::rateLimit)
                .containsExactly(new RateLimit(200, 400), new RateLimit(0.5, 1));

        String entry = "a rank sha256:" + digest;
        assertThatThrownBy(() -> ApiKeyFile.parse(entry + " rate=fast", "keys"))
                .hasMessage("keys line 1: rate= must be followed by a number");
        assertThatThrownBy(() -> ApiKeyFile.parse(entry + " rate=-1", "keys")).hasMessageStartingWith("keys line 1: a rate must be");
        assertThatThrownBy(() -> ApiKeyFile.parse(entry + " rate=NaN", "keys")).hasMessageStartingWith("keys line 1: a rate must be");
        assertThatThrownBy(() -> ApiKeyFile.parse(entry + " rate=5 burst=0.5", "keys")).hasMessageStartingWith("keys line 1: a burst must be");
        assertThatThrownBy(() -> ApiKeyFile.parse(entry + " burst=5", "keys")).hasMessage("keys line 1: burst= needs a rate= beside it");
        assertThatThrownBy(() -> ApiKeyFile.parse(entry + " rate=1 rate=2", "keys"))
                .hasMessageContaining("keys line 1: after the hash only rate=<n> and burst=<n> may follow, once each");
        assertThatThrownBy(() -> ApiKeyFile.parse(entry + " secret", "keys")).hasMessageNotContaining("secret")
                .hasMessageContaining("found 4 words");
    }

    @Test
    void errorsNameTheLineNeverItsText() {
        assertThatThrownBy(() -> ApiKeyFile.parse("a rank sha256:00\n", "keys")).hasMessage("keys line 1: the third word must be sha256: and 64 hex digits");
        assertThatThrownBy(() -> ApiKeyFile.parse("\na write sha256:" + "0".repeat(64), "keys"))
                .hasMessageContaining("keys line 2: unknown scope 'write'");
        assertThatThrownBy(() -> ApiKeyFile.parse("my secret words here", "keys")).hasMessageNotContaining("secret")
                .hasMessageContaining("line 1");
        String d = "sha256:" + "0".repeat(64);
        assertThatThrownBy(() -> ApiKeyFile.parse("a rank " + d + "\na read " + d, "keys")).hasMessageContaining("used twice");
        assertThat(ApiKeyFile.parseVariable("a rank " + d + ";b read " + d, "EDDY_KEYS").keys()).hasSize(2);
    }

    @Test
    void appendKeepsOnlyTheHashInAnOwnerOnlyFileAndRefusesADuplicateName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/keys");
        String secret = KeyDigest.newSecret();
        assertThat(secret).startsWith("eddy_").hasSize(5 + 43);
        ApiKeyFile.append(file, new ApiKey("shop", Set.of(Scope.RANK), KeyDigest.sha256(secret)));
        ApiKeyFile.append(file, new ApiKey("ops", Scope.ALL, KeyDigest.sha256(KeyDigest.newSecret())));
        String text = Files.readString(file);
        assertThat(text).doesNotContain(secret).contains("shop rank sha256:" + KeyDigest.hex(KeyDigest.sha256(secret)))
                .contains("ops all sha256:");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(ApiKeyFile.parse(text, "keys").keys()).hasSize(2);
        assertThatThrownBy(() -> ApiKeyFile.append(file, new ApiKey("shop", Set.of(Scope.READ), KeyDigest.sha256("x"))))
                .hasMessageContaining("already has a key named 'shop'");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left").hasSize(1);
        }
    }
}
