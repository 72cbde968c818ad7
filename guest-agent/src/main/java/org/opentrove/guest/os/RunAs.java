package org.opentrove.guest.os;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.opentrove.guest.GuestConfigException;

/**
 * Who and where the datastore's commands run. On the {@code process} runtime: on this host, and
 * since PostgreSQL's initdb, pg_ctl and postgres refuse to run as root, an agent running as root
 * runs them through {@code runuser -u <user> --} and hands the files they need to that user (an
 * agent running as any other user runs them as itself). On the {@code docker} runtime: inside the
 * instance's container ({@code docker exec} as the instance's uid), whose only host directory is
 * the volume, mounted at the same path, so every path means the same on both sides.
 */
public final class RunAs {
  private static final Duration CHOWN_TIMEOUT = Duration.ofMinutes(2);

  private final String user;
  private final String owner;
  private final ContainerExec container;
  private final ProcessRunner runner;
  private boolean ownServer;

  private RunAs(String user, String owner, ContainerExec container, ProcessRunner runner) {
    this.user = user;
    this.owner = owner;
    this.container = container;
    this.runner = runner;
  }

  /**
   * The {@code process} runtime.
   *
   * @param configuredUser {@code run_as_user}, or null for {@code defaultUser}
   * @throws GuestConfigException when running as root and the user does not exist
   */
  public static RunAs resolve(String configuredUser, String defaultUser, ProcessRunner runner) {
    if (!isRoot()) {
      return new RunAs(null, null, null, runner);
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
    return new RunAs(user, user + ":", null, runner);
  }

  /**
   * The {@code docker} runtime: commands run in {@code container} as {@code user}, whose uid there
   * is the instance's own; files the datastore needs are given to that uid on the host.
   */
  public static RunAs inContainer(ContainerExec container, String user, ProcessRunner runner) {
    return new RunAs(user, container.uid() + ":" + container.uid(), container, runner);
  }

  public static boolean isRoot() {
    return new UnixSystem().getUid() == 0;
  }

  /** The datastore's OS user, or empty when commands run as the agent's own user. */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  public boolean inContainer() {
    return container != null;
  }

  /** Where the datastore's clients are: its server's network when it has its own server. */
  public ClientNetwork clientNetwork() {
    if (container != null) {
      return ClientNetwork.SAME_NETWORK;
    }
    return ownServer ? ClientNetwork.ANY : ClientNetwork.LOCAL;
  }

  /** The same, for a datastore that has a server of its own (a Nova server's guest). */
  public RunAs onItsOwnServer(boolean ownServer) {
    RunAs copy = new RunAs(user, owner, container, runner);
    copy.ownServer = ownServer;
    return copy;
  }

  /**
   * The user a server that drops its privileges itself ({@code mariadbd --user}) is told to become:
   * only on this host as root; in a container the server already starts as the instance's uid.
   */
  public Optional<String> serverUserOption() {
    return inContainer() ? Optional.empty() : user();
  }

  /** The command to start so that {@code command} runs as the datastore's user. */
  public List<String> wrap(List<String> command) {
    if (container != null) {
      return container.exec(command, Set.of());
    }
    if (user == null) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", user, "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Like {@link #wrap(List)}, with the environment variables {@code env} passed in. */
  public List<String> wrap(List<String> command, Set<String> env) {
    return container != null ? container.exec(command, env) : wrap(command);
  }

  /**
   * A datastore client tool ({@code pg_basebackup}): on this host it runs as the agent, in a
   * container as the datastore's user there, with the environment variables {@code env} passed in.
   */
  public List<String> wrapTool(List<String> command, Set<String> env) {
    return container == null ? command : container.exec(command, env);
  }

  /**
   * Starts a server process detached from the agent (its own session here; {@code docker exec -d}
   * in a container), its output appended to {@code log}.
   */
  public DetachedStart startDetached(List<String> command, Path log, Path workDir)
      throws IOException {
    if (container != null) {
      // The server's user opens the log itself inside; what docker says goes to the agent's log,
      // the server's pid (its last line of output) to the start.
      Process launcher =
          new ProcessBuilder(container.execDetached(command, log))
              .directory(workDir.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      return DetachedStart.launcher(launcher, container::hostProcess);
    }
    List<String> detached = new ArrayList<>(List.of("setsid"));
    detached.addAll(command);
    Process server =
        new ProcessBuilder(detached)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    return DetachedStart.server(server);
  }

  /**
   * The live process a datastore's pid file names: {@code pid} is in the container's pid namespace
   * on the docker runtime, and the handle returned is this host's view of it.
   */
  public Optional<ProcessHandle> process(long pid) {
    if (container != null) {
      return container.hostProcess(pid);
    }
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
  }

  /**
   * Whether the datastore's files are given to another user than the agent's (the agent is root).
   */
  public boolean givesFiles() {
    return owner != null;
  }

  /**
   * Gives the datastore's user (and its login group) {@code paths}; a no-op when not root. A link
   * is never followed (the link itself changes owner), so a tenant's link cannot hand it another
   * file.
   */
  public void chown(Path... paths) {
    chown(false, paths);
  }

  /** Like {@link #chown(Path...)} for whole trees. */
  public void chownRecursive(Path... paths) {
    chown(true, paths);
  }

  private void chown(boolean recursive, Path... paths) {
    if (owner == null || paths.length == 0) {
      return;
    }
    if (container != null && !recursive) {
      lchown(container.uid(), paths);
      return;
    }
    List<String> command = new ArrayList<>(List.of("chown", "-h"));
    if (recursive) {
      command.add("-R");
    }
    command.add(owner);
    command.add("--");
    for (Path path : paths) {
      command.add(path.toString());
    }
    runner.runChecked("chown", command, Path.of("/"), CHOWN_TIMEOUT);
  }

  /**
   * The container's uid has no account on this host: its number is its name, and lchown needs no
   * child process (a create's path gives several files away).
   */
  private static void lchown(int uid, Path... paths) {
    try {
      UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
      UserPrincipal user = lookup.lookupPrincipalByName(Integer.toString(uid));
      GroupPrincipal group = lookup.lookupPrincipalByGroupName(Integer.toString(uid));
      for (Path path : paths) {
        PosixFileAttributeView view =
            Files.getFileAttributeView(
                path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        view.setOwner(user);
        view.setGroup(group);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot give files to uid " + uid, e);
    }
  }
}
