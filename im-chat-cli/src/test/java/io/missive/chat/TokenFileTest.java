package io.missive.chat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class TokenFileTest {

    @TempDir
    Path dir;

    @Test
    void a_missing_file_means_no_token() throws Exception {
        assertThat(new TokenFile(dir.resolve("none.token")).read()).isEmpty();
    }

    @Test
    void a_written_token_is_read_back_and_replaced_by_the_next() throws Exception {
        final TokenFile file = new TokenFile(dir.resolve("sub/alice-laptop.token"));

        file.write("mvt1.first");
        file.write("mvt1.second");

        assertThat(file.read()).contains("mvt1.second");
        try (var entries = Files.list(file.path().getParent())) {
            assertThat(entries).containsExactly(file.path());
        }
    }

    @Test
    void the_token_file_is_readable_by_its_owner_only() throws Exception {
        final TokenFile file = new TokenFile(dir.resolve("alice-laptop.token"));
        file.write("mvt1.secret");

        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void default_location_is_per_user_and_device() {
        assertThat(TokenFile.defaultFor("alice", "alice-laptop").path())
                .endsWithRaw(Path.of(".missive", "alice-alice-laptop.token"));
    }
}
