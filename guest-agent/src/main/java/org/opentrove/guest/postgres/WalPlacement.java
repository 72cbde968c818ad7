package org.opentrove.guest.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.opentrove.guest.os.AgentWrites;
import org.opentrove.guest.os.FileTrees;
import org.opentrove.guest.os.ProcessResult;
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
 * <p>A new cluster gets both at once: initdb writes its WAL into the area ({@code --waldir}) and
 * the agent moves the fresh, never-started cluster's pg_logical there itself. A restore leaves real
 * directories in pgdata (and no pg_logical: {@code pg_basebackup} skips a linked one), which the
 * next start moves as the datastore's user, who owns both sides, so nothing of the tenant's is
 * touched with root's rights.
 */
final class WalPlacement {
  static final List<String> PLACED = List.of("pg_wal", "pg_logical");
  private static final List<String> LOGICAL_DIRECTORIES = List.of("mappings", "snapshots");
  private static final Logger log = LoggerFactory.getLogger(WalPlacement.class);
  private static final Duration MOVE_TIMEOUT = Duration.ofMinutes(5);

  /**
   * For each name still a real directory (pg_logical first: small, and a restore has none): the
   * area's copy is emptied, filled and synced, the directory set aside, the link made, what was set
   * aside removed; each step only after the one before succeeded, so a failure leaves the directory
   * in pgdata, whole. A crash after the set-aside finds it and only links. A missing one (a
   * restore's pg_logical) gets an empty area. One run at a time (a lock in pgdata): a move that
   * outlived its exec's timeout holds the next one back.
   */
  private static final String SCRIPT =
      """
      pgdata=$1
      area=$2
      exec 9>"$pgdata/.wal-placement.lock" || exit 1
      flock 9 || exit 1
      for name in pg_logical pg_wal; do
        link=$pgdata/$name
        target=$area/$name
        if [ -L "$link" ]; then
          rm -rf "$link.moved" || exit 1
          continue
        fi
        if [ -d "$link" ]; then
          find "$target" -mindepth 1 -delete || exit 1
          cp -a "$link/." "$target/" || exit 1
          sync -f "$target" || exit 1
          rm -rf "$link.moved" || exit 1
          mv "$link" "$link.moved" || exit 1
        elif [ ! -d "$link.moved" ]; then
          find "$target" -mindepth 1 -delete || exit 1
        fi
        ln -sfn "$target" "$link" || exit 1
        rm -rf "$link.moved" || exit 1
        case $name in
          pg_logical) mkdir -p "$target/mappings" "$target/snapshots" || exit 1 ;;
          pg_wal) mkdir -p "$target/archive_status" || exit 1 ;;
        esac
      done
      """;

  private final Future<Optional<ReservedArea>> reservedArea;
  private final Supplier<Optional<ReservedArea>> reopen;
  private final Path pgdata;
  private final RunAs runAs;
  private final ProcessRunner runner;

  /**
   * @param reservedArea the area, made or mounted while the agent boots: asked for only when the
   *     WAL is placed (initdb, start)
   * @param reopen opens the area again when making it failed (a loop device was busy, say)
   */
  WalPlacement(
      Future<Optional<ReservedArea>> reservedArea,
      Supplier<Optional<ReservedArea>> reopen,
      Path pgdata,
      RunAs runAs,
      ProcessRunner runner) {
    this.reservedArea = reservedArea;
    this.reopen = reopen;
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

  /**
   * Right after initdb, before the cluster ever ran (nothing in it is the tenant's yet): its
   * pg_logical (two empty directories and initdb's checkpoint of replication origins) becomes the
   * area's, copied by the agent, so a create needs no exec for it.
   */
  void placeFreshLogical() throws IOException {
    Optional<ReservedArea> area = area();
    Path link = pgdata.resolve("pg_logical");
    if (area.isEmpty() || !Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path target = area.get().path().resolve("pg_logical");
    FileTrees.delete(target);
    AgentWrites.ensureDirectory(target);
    for (String directory : LOGICAL_DIRECTORIES) {
      AgentWrites.ensureDirectory(target.resolve(directory));
    }
    try (Stream<Path> entries = Files.list(link)) {
      for (Path entry : entries.toList()) {
        if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
          Files.copy(entry, target.resolve(entry.getFileName()), LinkOption.NOFOLLOW_LINKS);
        }
      }
    }
    runAs.chownRecursive(target);
    FileTrees.delete(link);
    Files.createSymbolicLink(link, target);
    runAs.chown(link);
  }

  /**
   * Before a start: moves what is still a real directory into the area, in its own exec with its
   * own time (a restore's WAL can be large); nothing to do once both are links, as at every start
   * after the first. A failed move leaves them in pgdata, where the server still runs, and is tried
   * again at the next start. Without an area, makes sure pg_logical's directories exist (a restore
   * of a backup taken with an area has none).
   */
  void beforeStart() throws IOException {
    Optional<ReservedArea> area = area();
    if (area.isEmpty()) {
      ensureLogicalDirectories();
      return;
    }
    if (PLACED.stream().allMatch(name -> Files.isSymbolicLink(pgdata.resolve(name)))) {
      return;
    }
    Path root = area.get().path();
    for (String name : PLACED) {
      runAs.chown(AgentWrites.ensureDirectory(root.resolve(name)));
    }
    ProcessResult moved =
        runner.run(
            "place pg_wal and pg_logical in the reserved area",
            runAs.wrap(List.of("sh", "-c", SCRIPT, "place", pgdata.toString(), root.toString())),
            pgdata,
            MOVE_TIMEOUT);
    if (!moved.succeeded()) {
      log.warn("pg_wal and pg_logical stay in {} for now: {}", pgdata, moved.tailText());
      ensureLogicalDirectories();
    }
  }

  private void ensureLogicalDirectories() throws IOException {
    Path logical = pgdata.resolve("pg_logical");
    if (Files.exists(logical, LinkOption.NOFOLLOW_LINKS) || !Files.isDirectory(pgdata)) {
      return;
    }
    runAs.chown(AgentWrites.ensureDirectory(logical));
    for (String directory : LOGICAL_DIRECTORIES) {
      runAs.chown(AgentWrites.ensureDirectory(logical.resolve(directory)));
    }
  }

  private Optional<ReservedArea> area() {
    try {
      return reservedArea.get();
    } catch (ExecutionException e) {
      log.warn("making the reserved area failed ({}); trying again", e.getCause().toString());
      return reopen.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the reserved area was made", e);
    }
  }
}
