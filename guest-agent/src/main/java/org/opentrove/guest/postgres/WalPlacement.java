package org.opentrove.guest.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.opentrove.guest.os.AgentWrites;
import org.opentrove.guest.os.FileTrees;
import org.opentrove.guest.os.ProcessRunner;
import org.opentrove.guest.os.ReservedArea;
import org.opentrove.guest.os.RunAs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what PostgreSQL must always be able to write in the volume's {@link ReservedArea}, linked
 * from pgdata: {@code pg_wal} (a WAL write that fails is a PANIC, and crash recovery then needs
 * room too) and {@code pg_logical} (every checkpoint rewrites {@code
 * pg_logical/replorigin_checkpoint}, and a failure there is a PANIC as well). Tenant data filling
 * the volume then fails its statement with disk full, and the server goes on.
 *
 * <p>Applied before every start: initdb and a restore both leave real directories in pgdata, whose
 * contents move to the area, replacing what an earlier cluster left there (a restore's {@code
 * pg_logical} is missing: {@code pg_basebackup} skips a linked one with a warning, and a new one
 * starts empty). The moves run as the datastore's user, who owns both sides, so nothing of the
 * tenant's is touched with root's rights.
 */
final class WalPlacement {
  static final List<String> PLACED = List.of("pg_wal", "pg_logical");
  private static final Logger log = LoggerFactory.getLogger(WalPlacement.class);
  private static final Duration MOVE_TIMEOUT = Duration.ofMinutes(5);

  /**
   * For each name: a real directory is copied into the area (emptied first) and set aside; then the
   * link is made and what was set aside removed. A crash after the copy finds the directory set
   * aside and only links; a name that is already a link is left as it is.
   */
  private static final String SCRIPT =
      """
      pgdata=$1
      area=$2
      shift 2
      if ! (
        set -e
        for name in pg_wal pg_logical; do
          link=$pgdata/$name
          target=$area/$name
          if [ ! -L "$link" ]; then
            if [ -e "$link" ] || [ ! -d "$link.moved" ]; then
              find "$target" -mindepth 1 -delete
              if [ -d "$link" ]; then
                cp -a "$link/." "$target/"
                sync -f "$target"
                mv "$link" "$link.moved"
              fi
            fi
            ln -s "$target" "$link"
          fi
          rm -rf "$link.moved"
        done
        mkdir -p "$area/pg_wal/archive_status" "$area/pg_logical/mappings" \
          "$area/pg_logical/snapshots"
      ); then
        echo "pg_wal and pg_logical stay in $pgdata for now" >&2
      fi
      exec "$@"
      """;

  private final Future<Optional<ReservedArea>> reservedArea;
  private final Path pgdata;
  private final RunAs runAs;
  private final ProcessRunner runner;

  /**
   * @param reservedArea the area, made or mounted while the agent boots: asked for only when the
   *     WAL is placed (initdb, start)
   */
  WalPlacement(
      Future<Optional<ReservedArea>> reservedArea, Path pgdata, RunAs runAs, ProcessRunner runner) {
    this.reservedArea = reservedArea;
    this.pgdata = pgdata;
    this.runAs = runAs;
    this.runner = runner;
  }

  /** The area's size, which bounds the WAL the server may keep; empty without an area. */
  Optional<Long> areaBytes() throws IOException {
    Optional<ReservedArea> area = area();
    return area.isEmpty() ? Optional.empty() : Optional.of(area.get().totalBytes());
  }

  /**
   * initdb's {@code --waldir}: the area's own pg_wal, emptied and the datastore user's, so that
   * initdb writes its WAL there (pgdata/pg_wal becomes the link) and a create copies none of it.
   */
  Optional<Path> freshWalDir() throws IOException {
    Optional<ReservedArea> area = area();
    if (area.isEmpty()) {
      return Optional.empty();
    }
    Path walDir = area.get().path().resolve("pg_wal");
    FileTrees.delete(walDir);
    runAs.chown(AgentWrites.ensureDirectory(walDir));
    return Optional.of(walDir);
  }

  private Optional<ReservedArea> area() {
    try {
      return reservedArea.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the reserved area was made", e);
    }
  }

  /**
   * {@code start} (pg_ctl, run as the datastore's user), preceded in the same command by the move
   * of pg_wal and pg_logical to the area unless they are there already: no extra round trip into a
   * container on a create's path. A failed move (the area too small for a restore's WAL, say)
   * leaves them in pgdata, where the server still runs, and is tried again at the next start.
   */
  List<String> beforeStart(List<String> start) {
    Optional<ReservedArea> area = area();
    if (area.isEmpty()) {
      return start;
    }
    Path root = area.get().path();
    for (String name : PLACED) {
      runAs.chown(ensureDirectory(root.resolve(name)));
    }
    List<String> command =
        new ArrayList<>(List.of("sh", "-c", SCRIPT, "place", pgdata.toString(), root.toString()));
    command.addAll(start);
    return command;
  }

  private static Path ensureDirectory(Path path) {
    try {
      return AgentWrites.ensureDirectory(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + path, e);
    }
  }
}
