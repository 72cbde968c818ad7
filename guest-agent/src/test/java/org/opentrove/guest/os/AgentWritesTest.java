package org.opentrove.guest.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Links where the agent writes, reads and deletes are replaced or refused, never followed. */
class AgentWritesTest {
  @TempDir Path dir;

  @Test
  void replaceSwapsALinkForAFileAndLeavesItsTargetAlone() throws IOException {
    Path outside = Files.writeString(dir.resolve("outside"), "host file");
    Path inside = Files.createDirectory(dir.resolve("inside"));
    Path conf = Files.createSymbolicLink(inside.resolve("pg_hba.conf"), outside);

    AgentWrites.replace(conf, "agent text");

    assertThat(Files.isSymbolicLink(conf)).isFalse();
    assertThat(Files.readString(conf)).isEqualTo("agent text");
    assertThat(Files.readString(outside)).isEqualTo("host file");
    try (var files = Files.list(inside)) {
      assertThat(files).as("no temporary file left").hasSize(1);
    }
  }

  @Test
  void readRefusesALinkAndAFifo() throws Exception {
    Path outside = Files.writeString(dir.resolve("shadow"), "secret");
    Path link = Files.createSymbolicLink(dir.resolve("postgresql.conf"), outside);
    assertThatThrownBy(() -> AgentWrites.read(link)).hasMessageContaining("not a regular file");

    Path fifo = dir.resolve("postmaster.pid");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    assertThatThrownBy(() -> AgentWrites.read(fifo)).hasMessageContaining("not a regular file");
  }

  @Test
  void ensureFileAndDirectoryRemoveALinkInTheirPlace() throws IOException {
    Path outsideFile = Files.writeString(dir.resolve("passwd"), "root:x:0:0");
    Path outsideDir = Files.createDirectory(dir.resolve("etc"));
    Path log = Files.createSymbolicLink(dir.resolve("postgresql.log"), outsideFile);
    Path archive = Files.createSymbolicLink(dir.resolve("wal-archive"), outsideDir);

    AgentWrites.ensureFile(log);
    AgentWrites.ensureDirectory(archive);

    assertThat(Files.isRegularFile(log, LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(Files.isDirectory(archive, LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(Files.readString(outsideFile)).isEqualTo("root:x:0:0");
    assertThat(outsideDir).isEmptyDirectory();
  }

  @Test
  void deletingATreeRemovesItsLinksNotWhatTheyPointAt() throws IOException {
    Path outside = Files.createDirectory(dir.resolve("etc"));
    Path precious = Files.writeString(outside.resolve("passwd"), "root:x:0:0");
    Path tree = Files.createDirectories(dir.resolve("pgdata/base/1"));
    Files.writeString(tree.resolve("1259"), "table");
    Files.createSymbolicLink(tree.resolve("linked-dir"), outside);
    Files.createSymbolicLink(dir.resolve("pgdata/linked-file"), precious);

    FileTrees.delete(dir.resolve("pgdata"));

    assertThat(dir.resolve("pgdata")).doesNotExist();
    assertThat(Files.readString(precious)).isEqualTo("root:x:0:0");
    FileTrees.delete(dir.resolve("pgdata")); // nothing there: no error
  }
}
