package org.opentrove.activities.compute.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opentrove.activities.compute.VmDirectory;
import org.opentrove.activities.compute.VmProcesses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the process runtime does to keep instances apart on one host, when it runs as root: each
 * instance's datastore runs as its own OS user ({@link InstanceOsUser}), which owns only the
 * datastore's directories inside its volume (the volume's top is root's, 0711), its server
 * directory (the agent's settings, log and password file) is root's, reachable by that user only to
 * traverse to its volume, and {@link EgressRules} reject every connection the user opens. Without
 * root none of this is possible: every instance runs as this process's user, and {@link
 * #describe()} says so.
 */
public final class InstanceIsolation {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceIsolation.class);

  private final boolean root;
  private final Optional<String> egressUnavailable;

  private InstanceIsolation(boolean root, Optional<String> egressUnavailable) {
    this.root = root;
    this.egressUnavailable = egressUnavailable;
  }

  /** Probes this host once: root, and whether iptables can be used. */
  public static InstanceIsolation detect() {
    boolean root = isRoot();
    Optional<String> egress =
        root ? EgressRules.unavailableBecause() : Optional.of("this process does not run as root");
    return new InstanceIsolation(root, egress);
  }

  public boolean isolatesUsers() {
    return root;
  }

  public boolean isolatesEgress() {
    return egressUnavailable.isEmpty();
  }

  /** One line for the start-up log: what this host's instances are kept from. */
  public String describe() {
    String users =
        root
            ? "each instance's datastore runs as its own OS user (trove-<id>) with 0700 files"
            : "NOT ISOLATED: every instance's datastore runs as this process's user and can read"
                + " the others' files (run as root to isolate them)";
    String egress =
        egressUnavailable.isEmpty()
            ? "new connections from an instance are rejected (iptables chain "
                + EgressRules.CHAIN
                + ")"
            : "CANNOT ISOLATE EGRESS: "
                + egressUnavailable.get()
                + "; an instance's database can connect to every port of this host, the control"
                + " plane's included";
    return "process runtime: " + users + "; " + egress;
  }

  /** Logs {@link #describe()}, as a warning when something is not isolated. */
  public void logAtStart() {
    if (root && isolatesEgress()) {
      LOG.info(describe());
    } else {
      LOG.warn(describe());
    }
  }

  /**
   * Makes the instance's user, hands it the volume and installs its egress rules (all idempotent).
   * Returns the user the datastore must run as, or empty when not root.
   */
  public Optional<String> prepare(VmDirectory vm, String instanceId) throws IOException {
    if (!root) {
      return Optional.empty();
    }
    InstanceOsUser user = InstanceOsUser.of(instanceId);
    int uid = user.ensure();
    UserPrincipalLookupService names = vm.root().getFileSystem().getUserPrincipalLookupService();
    GroupPrincipal group = names.lookupPrincipalByGroupName(user.name());
    PosixFileAttributeView rootView = view(vm.root());
    rootView.setOwner(names.lookupPrincipalByName("root"));
    rootView.setGroup(group);
    rootView.setPermissions(PosixFilePermissions.fromString("rwx--x---"));
    if (Files.isDirectory(vm.volume(), LinkOption.NOFOLLOW_LINKS)) {
      // The volume's top stays root's: the guest agent (root) writes its own files there and
      // gives the user only the datastore's directories inside, so the tenant can plant no link
      // where the agent writes (see the guest's VolumeTop).
      PosixFileAttributeView volume = view(vm.volume());
      volume.setOwner(names.lookupPrincipalByName("root"));
      volume.setGroup(names.lookupPrincipalByGroupName("root"));
      volume.setPermissions(PosixFilePermissions.fromString("rwx--x--x"));
    }
    if (egressUnavailable.isEmpty()) {
      List<Integer> allowed = new ArrayList<>();
      vm.replicationLinkPort().ifPresent(allowed::add);
      allowed.addAll(vm.clusterPeerPorts());
      EgressRules.install(instanceId, uid, allowed);
    }
    return Optional.of(user.name());
  }

  /**
   * Undoes {@link #prepare}: first no one but root may reach the server's files (so a later
   * instance given the same uid finds nothing of this one), then every process left to the user is
   * killed, its egress rules and the user go.
   */
  public void release(VmDirectory vm, String instanceId) throws IOException {
    if (!root) {
      return;
    }
    InstanceOsUser user = InstanceOsUser.of(instanceId);
    if (Files.isDirectory(vm.root(), LinkOption.NOFOLLOW_LINKS)) {
      UserPrincipalLookupService names = vm.root().getFileSystem().getUserPrincipalLookupService();
      PosixFileAttributeView rootView = view(vm.root());
      rootView.setPermissions(PosixFilePermissions.fromString("rwx------"));
      rootView.setGroup(names.lookupPrincipalByGroupName("root"));
    }
    Optional<Integer> uid = user.uid();
    if (uid.isPresent()) {
      VmProcesses.killAllOf(uid.get());
    }
    EgressRules.remove(instanceId);
    user.remove();
  }

  private static PosixFileAttributeView view(Path path) {
    return Files.getFileAttributeView(
        path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
