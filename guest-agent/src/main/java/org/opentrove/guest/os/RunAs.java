package org.opentrove.guest.os;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opentrove.guest.GuestConfigException;

/**
 * Who runs the datastore's commands. PostgreSQL's initdb, pg_ctl and postgres refuse to run as root
 * (Debian's and the zonky-extracted binaries alike), so an agent running as root runs them through
 * {@code runuser -u <user> --} and hands the files they need to that user; an agent running as any
 * other user runs them directly, as itself.
 */
public final class RunAs {
  private static final Duration CHOWN_TIMEOUT = Duration.ofMinutes(2);

  private final String user;
  private final ProcessRunner runner;

  private RunAs(String user, ProcessRunner runner) {
    this.user = user;
    this.runner = runner;
  }

  /**
   * @param configuredUser {@code run_as_user}, or null for {@code defaultUser}
   * @throws GuestConfigException when running as root and the user does not exist
   */
  public static RunAs resolve(String configuredUser, String defaultUser, ProcessRunner runner) {
    if (!isRoot()) {
      return new RunAs(null, runner);
    }
    String user = configuredUser == null ? defaultUser : configuredUser;
    try {
      FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user);
    } catch (UserPrincipalNotFoundException e) {
      throw new GuestConfigException(
          "the agent runs as root and the datastore must not; OS user '"
              + user
              + "' does not exist (create it or set run_as_user)");
    } catch (IOException e) {
      throw new GuestConfigException("cannot look up OS user '" + user + "': " + e, e);
    }
    return new RunAs(user, runner);
  }

  public static boolean isRoot() {
    return new UnixSystem().getUid() == 0;
  }

  /** The user commands run as, or empty when they run as the agent's own user. */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /** The command to start so that {@code command} runs as the datastore's user. */
  public List<String> wrap(List<String> command) {
    if (user == null) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", user, "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Gives the datastore's user (and its login group) {@code paths}; a no-op when not root. */
  public void chown(Path... paths) {
    chown(false, paths);
  }

  /** Like {@link #chown(Path...)} for whole trees. */
  public void chownRecursive(Path... paths) {
    chown(true, paths);
  }

  private void chown(boolean recursive, Path... paths) {
    if (user == null || paths.length == 0) {
      return;
    }
    List<String> command = new ArrayList<>(List.of("chown"));
    if (recursive) {
      command.add("-R");
    }
    command.add(user + ":");
    command.add("--");
    for (Path path : paths) {
      command.add(path.toString());
    }
    runner.runChecked("chown", command, Path.of("/"), CHOWN_TIMEOUT);
  }
}
