package org.opentrove.guest.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.opentrove.guest.GuestConfigException;
import org.opentrove.guest.os.ProcessRunner;
import org.opentrove.guest.os.RunAs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where PostgreSQL's server binaries are: the configured {@code pg_bin_dir}; else the newest
 * Debian-style {@code /usr/lib/postgresql/<version>/bin}; else the binaries shipped in the zonky
 * artifact on the classpath, extracted once per host into a cache.
 */
public record PgBinaries(Path binDir) {
  public static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
  private static final Logger log = LoggerFactory.getLogger(PgBinaries.class);

  /** Debian's postgresql-15 in the project's datastore image. */
  public static final PgBinaries IN_IMAGE = new PgBinaries(Path.of("/usr/lib/postgresql/15/bin"));

  public static Path defaultCacheRoot() {
    return Path.of(System.getProperty("java.io.tmpdir"), "opentrove-pg-binaries");
  }

  /**
   * @param configured {@code pg_bin_dir}, or null to search
   * @param cacheRoot where zonky binaries are extracted if nothing else is found
   */
  public static PgBinaries locate(Path configured, Path cacheRoot) {
    if (configured != null) {
      if (!hasInitdb(configured)) {
        throw new GuestConfigException(
            "pg_bin_dir " + configured + " does not contain an executable initdb");
      }
      return new PgBinaries(configured);
    }
    Optional<Path> debian = newestIn(DEBIAN_ROOT);
    if (debian.isPresent()) {
      log.info("using PostgreSQL binaries in {}", debian.get());
      return new PgBinaries(debian.get());
    }
    log.info("no PostgreSQL installed; using the bundled binaries (cache {})", cacheRoot);
    try {
      return new PgBinaries(ZonkyBinaries.extract(cacheRoot).resolve("bin"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract the bundled PostgreSQL binaries", e);
    }
  }

  /** The {@code bin} directory of the highest version under {@code root} that has initdb. */
  static Optional<Path> newestIn(Path root) {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    List<Path> candidates = new ArrayList<>();
    try (DirectoryStream<Path> versions = Files.newDirectoryStream(root)) {
      for (Path version : versions) {
        if (parseVersion(version.getFileName().toString()) != null
            && hasInitdb(version.resolve("bin"))) {
          candidates.add(version);
        }
      }
    } catch (IOException e) {
      log.warn("cannot list {}: {}", root, e.toString());
      return Optional.empty();
    }
    return candidates.stream()
        .max(
            Comparator.comparing(
                p -> parseVersion(p.getFileName().toString()), PgBinaries::compare))
        .map(p -> p.resolve("bin"));
  }

  private static int[] parseVersion(String name) {
    String[] parts = name.split("\\.");
    int[] numbers = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        numbers[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return numbers;
  }

  private static int compare(int[] a, int[] b) {
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] != b[i]) {
        return Integer.compare(a[i], b[i]);
      }
    }
    return Integer.compare(a.length, b.length);
  }

  private static boolean hasInitdb(Path binDir) {
    return Files.isExecutable(binDir.resolve("initdb"));
  }

  public Path initdb() {
    return binDir.resolve("initdb");
  }

  public Path pgCtl() {
    return binDir.resolve("pg_ctl");
  }

  public Path postgres() {
    return binDir.resolve("postgres");
  }

  /** {@code postgres --version}, e.g. {@code postgres (PostgreSQL) 15.13}; allowed as root. */
  public String version(ProcessRunner runner) {
    return version(runner, List::copyOf, binDir);
  }

  /** The version where {@code runAs} runs the datastore's tools (this host or a container). */
  public String version(ProcessRunner runner, RunAs runAs, Path workDir) {
    return version(runner, command -> runAs.wrapTool(command, Set.of()), workDir);
  }

  private String version(ProcessRunner runner, UnaryOperator<List<String>> where, Path workDir) {
    return runner
        .runChecked(
            "postgres --version",
            where.apply(List.of(postgres().toString(), "--version")),
            workDir,
            Duration.ofSeconds(30))
        .tail()
        .stream()
        .findFirst()
        .orElse("unknown");
  }
}
