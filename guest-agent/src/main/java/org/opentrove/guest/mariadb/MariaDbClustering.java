package org.opentrove.guest.mariadb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.opentrove.contract.ClusterMembership;
import org.opentrove.contract.ClusterNode;
import org.opentrove.guest.AdminCredentials;
import org.opentrove.guest.DatastoreClustering;
import org.opentrove.guest.os.AgentWrites;

/**
 * MariaDB Galera: every member takes writes and certifies each transaction with the others. The
 * first member starts the cluster ({@code --wsrep-new-cluster}, once); every other joins it and
 * receives all data from a donor by {@code mariadb-backup} (state transfer), then the writes it
 * missed while away by incremental transfer. The donor's backup logs in as its OS user through the
 * socket, so no transfer password exists.
 */
final class MariaDbClustering implements DatastoreClustering {
  static final Path PROVIDER = Path.of("/usr/lib/galera/libgalera_smm.so");

  private static final Duration BOOTSTRAP_TIMEOUT = Duration.ofMinutes(2);

  private final MariaDbApp app;

  MariaDbClustering(MariaDbApp app) {
    this.app = app;
  }

  @Override
  public void configure(ClusterMembership membership, AdminCredentials credentials)
      throws IOException {
    if (!app.runAs().inContainer() && !Files.isRegularFile(PROVIDER)) {
      throw new IllegalStateException(
          "the Galera library " + PROVIDER + " is missing (install the galera-4 package)");
    }
    write(groupName(membership.clusterId()), membership.self(), membership.members());
    app.writeMemberInitFile(credentials);
  }

  @Override
  public void startMember(ClusterMembership membership) throws IOException {
    if (membership.bootstrap()) {
      app.start(List.of("--wsrep-new-cluster"), BOOTSTRAP_TIMEOUT);
    } else {
      app.start(); // as a member: it waits for the whole state transfer
    }
  }

  @Override
  public void setMembers(List<ClusterNode> members) throws IOException {
    String written = AgentWrites.read(MariaDbConf.clusterFile(app.dataDir()));
    String groupName = setting(written, "wsrep_cluster_name");
    String self = setting(written, "wsrep_node_name");
    ClusterNode node =
        members.stream()
            .filter(member -> member.memberId().equals(self))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException(self + " is not among the members"));
    write(groupName, node, members);
  }

  /**
   * Galera's group name travels in a fixed field of its handshake: a longer one (a whole UUID)
   * fails every join. The cluster id's first 16 hex digits, as Trove's names.
   */
  static String groupName(String clusterId) {
    String hex = clusterId.replace("-", "");
    return hex.substring(0, Math.min(16, hex.length()));
  }

  private void write(String groupName, ClusterNode self, List<ClusterNode> members)
      throws IOException {
    requireName(groupName);
    requireName(self.memberId());
    String addresses =
        members.stream()
            .map(member -> address(member.host(), member.groupPort()))
            .collect(Collectors.joining(","));
    String host = self.host();
    List<String> lines =
        List.of(
            "# written by the guest agent: this server is a member of a Galera cluster",
            "[mysqld]",
            "binlog_format=ROW",
            "default_storage_engine=InnoDB",
            "innodb_autoinc_lock_mode=2",
            "wsrep_on=ON",
            "wsrep_provider=" + PROVIDER,
            "wsrep_cluster_name=" + groupName,
            "wsrep_cluster_address=gcomm://" + addresses,
            "wsrep_node_name=" + self.memberId(),
            "wsrep_node_address=" + address(host, self.groupPort()),
            "wsrep_provider_options=\"gmcast.listen_addr=tcp://"
                + address(host, self.groupPort())
                + ";ist.recv_addr="
                + address(host, self.istPort())
                + ";gcache.size=128M\"",
            "wsrep_sst_receive_address=" + address(host, self.sstPort()),
            "wsrep_sst_method=mariabackup",
            "wsrep_sst_auth=" + app.socketUser() + ":");
    AgentWrites.replace(MariaDbConf.clusterFile(app.dataDir()), String.join("\n", lines) + "\n");
  }

  private static String address(String host, int port) {
    if (!host.matches("[0-9A-Za-z.:-]+")) {
      throw new IllegalArgumentException("not a host: " + host);
    }
    return host + ":" + port;
  }

  private static void requireName(String name) {
    if (!name.matches("[0-9A-Za-z-]{1,64}")) {
      throw new IllegalArgumentException("not a cluster or member id: " + name);
    }
  }

  private static String setting(String file, String name) {
    return file.lines()
        .filter(line -> line.startsWith(name + "="))
        .map(line -> line.substring(name.length() + 1).trim())
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException(name + " is missing from the cluster settings"));
  }
}
