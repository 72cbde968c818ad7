package org.opentrove.activities.compute.isolation;

import java.util.List;
import java.util.Optional;

/**
 * The OS user one instance's datastore runs as on the process runtime: {@code trove-<first 12 hex
 * digits of the instance id>}, a system account without a home or a login shell, with its own
 * group. No two instances share a user, so the kernel's file permissions keep them apart.
 */
public record InstanceOsUser(String name) {
  private static final int USERADD_EXISTS = 9;
  private static final int USERDEL_NO_SUCH_USER = 6;

  public static InstanceOsUser of(String instanceId) {
    String hex = instanceId.replace("-", "").toLowerCase();
    if (!hex.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("not an instance id: " + instanceId);
    }
    return new InstanceOsUser("trove-" + hex.substring(0, 12));
  }

  /** Creates the user unless it exists; returns its uid. */
  public int ensure() {
    Optional<Integer> existing = uid();
    if (existing.isPresent()) {
      return existing.get();
    }
    HostCommand.Result added =
        HostCommand.run(
            List.of(
                "useradd",
                "--system",
                "--user-group",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                "--comment",
                "OpenTrove instance datastore",
                name));
    if (!added.ok() && added.exitCode() != USERADD_EXISTS) {
      throw new IllegalStateException("useradd " + name + " failed: " + added.output());
    }
    return uid().orElseThrow(() -> new IllegalStateException("user " + name + " was not created"));
  }

  public Optional<Integer> uid() {
    HostCommand.Result id = HostCommand.run(List.of("id", "-u", name));
    return id.ok() ? Optional.of(Integer.parseInt(id.output().strip())) : Optional.empty();
  }

  /** Removes the user and its group; a user already gone is fine. */
  public void remove() {
    HostCommand.Result deleted = HostCommand.run(List.of("userdel", name));
    if (!deleted.ok() && deleted.exitCode() != USERDEL_NO_SUCH_USER) {
      throw new IllegalStateException("userdel " + name + " failed: " + deleted.output());
    }
  }
}
