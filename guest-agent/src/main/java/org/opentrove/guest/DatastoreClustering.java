package org.opentrove.guest;

import java.io.IOException;
import java.util.List;
import org.opentrove.contract.ClusterMembership;
import org.opentrove.contract.ClusterNode;

/** One engine's multi-master clusters: a member's settings and its first start. */
public interface DatastoreClustering {

  /** An engine without clusters: the API refuses its clusters first. */
  DatastoreClustering NOT_BUILT =
      new DatastoreClustering() {
        private GuestOperationException notBuilt() {
          return new GuestOperationException(
              org.opentrove.contract.GuestErrorType.UNKNOWN_METHOD,
              "clusters are not supported by this datastore");
        }

        @Override
        public void configure(ClusterMembership membership, AdminCredentials credentials) {
          throw notBuilt();
        }

        @Override
        public void startMember(ClusterMembership membership) {
          throw notBuilt();
        }

        @Override
        public void setMembers(List<ClusterNode> members) {
          throw notBuilt();
        }
      };

  /** Writes the member's cluster settings (the datastore is configured, not running yet). */
  void configure(ClusterMembership membership, AdminCredentials credentials) throws IOException;

  /**
   * First start of a member: the first one starts a new cluster; any other joins the members
   * running, whose data replaces its own (state transfer), and returns once it is in sync.
   */
  void startMember(ClusterMembership membership) throws IOException;

  /** The members it rejoins through when it starts next; the running datastore is left alone. */
  void setMembers(List<ClusterNode> members) throws IOException;
}
