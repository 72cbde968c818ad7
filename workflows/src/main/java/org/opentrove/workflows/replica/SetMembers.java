package org.opentrove.workflows.replica;

import org.opentrove.contract.ReplicaLogin;
import org.opentrove.contract.ReplicationSource;
import org.opentrove.contract.RequestContext;
import org.opentrove.temporal.activities.compute.ComputeActivities;
import org.opentrove.temporal.activities.compute.ReplicationEndpoint;
import org.opentrove.temporal.activities.guest.GuestActivities;

/** What a switchover and an eject both do to the members that follow the new source. */
final class SetMembers {
  private final ComputeActivities compute;
  private final GuestActivities guest;

  SetMembers(ComputeActivities compute, GuestActivities guest) {
    this.compute = compute;
    this.guest = guest;
  }

  /**
   * {@code member} follows {@code newSource}: its path there, its account and slot, then itself.
   * The context's step must name the member: the new source answers one {@code add_replica} per key
   * from its reply cache.
   */
  void follow(String member, String newSource, RequestContext context) {
    ReplicationEndpoint endpoint = compute.openReplicationLink(member, newSource);
    ReplicaLogin login = guest.addReplica(newSource, context, member);
    guest.followSource(
        member, context, new ReplicationSource(newSource, endpoint.host(), endpoint.port(), login));
  }
}
