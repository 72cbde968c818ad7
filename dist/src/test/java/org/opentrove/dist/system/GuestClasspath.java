package org.opentrove.dist.system;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The tests' guests run from the module jars, as production guests run from the distribution jar:
 * the test JVM's class path minus dist's own class directories (which no guest needs), so that
 * guests can map one class archive, shared by every test system of the run. Under {@code mvn test
 * -am} other modules are directories too: guests then run without an archive.
 */
final class GuestClasspath {
  static final Path ARCHIVE_DIR =
      Path.of(System.getProperty("java.io.tmpdir"), "opentrove-test-guest-classes");

  private GuestClasspath() {}

  private static boolean isDists(Path directory) {
    Path target = directory.toAbsolutePath().normalize().getParent();
    return target != null
        && target.getFileName().toString().equals("target")
        && target.getParent() != null
        && target.getParent().getFileName().toString().equals("dist");
  }

  static String jarsOnly() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !(Files.isDirectory(Path.of(entry)) && isDists(Path.of(entry))))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
