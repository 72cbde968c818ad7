package org.opentrove.activities.compute;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a local server's processes. Every process of a local server names its directory on its
 * command line (the guest its config file, the datastore its data directory), so a scan of {@code
 * /proc} finds them all, including a datastore left running by a guest that was killed.
 */
public final class VmProcesses {
  private static final Path PROC = Path.of("/proc");

  private VmProcesses() {}

  public static List<ProcessHandle> referencing(Path vmRoot) {
    String needle = vmRoot.toString() + "/";
    List<ProcessHandle> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path entry : entries) {
        long pid = Long.parseLong(entry.getFileName().toString());
        if (pid != ProcessHandle.current().pid() && commandLine(entry).contains(needle)) {
          ProcessHandle.of(pid).ifPresent(found::add);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot scan /proc", e);
    }
    return found;
  }

  /**
   * Kills every process owned by {@code uid} (an instance's own OS user: whatever a tenant started
   * through its database, wherever it runs) until none is left.
   */
  public static void killAllOf(int uid) {
    for (int round = 0; round < 50; round++) {
      List<ProcessHandle> owned = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
        for (Path entry : entries) {
          try {
            if (((Integer) Files.getAttribute(entry, "unix:uid")) == uid) {
              ProcessHandle.of(Long.parseLong(entry.getFileName().toString()))
                  .ifPresent(owned::add);
            }
          } catch (IOException gone) {
            // exited while we looked
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot scan /proc", e);
      }
      if (owned.isEmpty()) {
        return;
      }
      owned.forEach(ProcessHandle::destroyForcibly);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("processes of uid " + uid + " survived SIGKILL");
  }

  public static boolean isAlive(long pid, Path vmRoot) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent()
        && commandLine(PROC.resolve(Long.toString(pid))).contains(vmRoot.toString() + "/");
  }

  /** The process's full command line, or empty if it is gone. */
  public static String commandLine(ProcessHandle process) {
    return commandLine(PROC.resolve(Long.toString(process.pid())));
  }

  private static String commandLine(Path procEntry) {
    try {
      byte[] raw = Files.readAllBytes(procEntry.resolve("cmdline"));
      for (int i = 0; i < raw.length; i++) {
        if (raw[i] == 0) {
          raw[i] = ' ';
        }
      }
      return new String(raw, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
