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
