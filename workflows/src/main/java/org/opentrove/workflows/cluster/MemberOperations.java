package org.opentrove.workflows.cluster;

import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.opentrove.contract.ClusterMembers;
import org.opentrove.contract.ClusterNode;
import org.opentrove.contract.RequestContext;
import org.opentrove.temporal.activities.compute.ComputeActivities;
import org.opentrove.temporal.activities.guest.GuestActivities;
import org.opentrove.temporal.activities.store.InstanceStoreActivities;
import org.opentrove.temporal.api.ClusterPlacement;
import org.opentrove.temporal.api.CreateInstanceRequest;
import org.opentrove.temporal.api.CreateInstanceWorkflow;
import org.opentrove.temporal.api.DeleteInstanceRequest;
import org.opentrove.temporal.api.DeleteInstanceWorkflow;
import org.opentrove.temporal.api.RestartInstanceRequest;
import org.opentrove.temporal.api.RestartInstanceWorkflow;

/**
 * What every cluster workflow does with members: each member is created or deleted by its own
 * operation, run as a child workflow under that operation's id (so a replayed parent finds the
 * child it started, never a second one), and every member learns every other.
 */
final class MemberOperations {
  private static final String QUOTA_RELEASE_CHANGE = "unstarted-member-releases-quota";

  private final ComputeActivities compute = Workflow.newActivityStub(ComputeActivities.class);
  private final GuestActivities guest = Workflow.newActivityStub(GuestActivities.class);
  private final InstanceStoreActivities store =
      Workflow.newLocalActivityStub(InstanceStoreActivities.class);

  /** Members recorded by the API whose create has not started yet. */
  private final List<CreateInstanceRequest> notStarted = new ArrayList<>();

  /**
   * Creates {@code joining} one after the other, each joining {@code running} and those before it;
   * answers every member, in order. Joins are serial: a member joins through paths to the members
   * already there, and state transfers do not compete for a donor.
   */
  List<UUID> join(UUID clusterId, List<UUID> running, List<CreateInstanceRequest> joining) {
    List<UUID> members = new ArrayList<>(running);
    notStarted.addAll(joining);
    for (CreateInstanceRequest member : joining) {
      notStarted.remove(member);
      members.add(member.instanceId());
      create(member.placedIn(new ClusterPlacement(clusterId, members)));
    }
    return members;
  }

  /**
   * The members whose create never started (an earlier member's failed): each recorded failed, so
   * that it shows ERROR and can be deleted, as Trove leaves a cluster's members after a failure.
   */
  void abandonNotStarted(String step, String reason) {
    boolean releasesQuota =
        !notStarted.isEmpty()
            && Workflow.getVersion(QUOTA_RELEASE_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
    for (CreateInstanceRequest member : notStarted) {
      String message = "not created: " + reason;
      if (releasesQuota) { // nothing of it was ever made
        store.failCompensatedCreate(member.instanceId(), member.operationId(), step, message);
      } else {
        store.failCreate(member.instanceId(), member.operationId(), step, message);
      }
    }
    notStarted.clear();
  }

  void create(CreateInstanceRequest member) {
    CreateInstanceWorkflow child =
        Workflow.newChildWorkflowStub(
            CreateInstanceWorkflow.class, childOptions(member.operationId()));
    child.create(member);
  }

  /** Restarts one member and waits until it is healthy again. */
  void restart(RestartInstanceRequest member) {
    RestartInstanceWorkflow child =
        Workflow.newChildWorkflowStub(
            RestartInstanceWorkflow.class, childOptions(member.operationId()));
    child.restart(member);
  }

  /** Deletes {@code leaving}, all at once. */
  void delete(List<DeleteInstanceRequest> leaving) {
    List<Promise<Void>> deletes = new ArrayList<>();
    for (DeleteInstanceRequest member : leaving) {
      DeleteInstanceWorkflow child =
          Workflow.newChildWorkflowStub(
              DeleteInstanceWorkflow.class, childOptions(member.operationId()));
      deletes.add(Async.procedure(child::delete, member));
    }
    Promise.allOf(deletes).get();
  }

  /**
   * Every member may reach every other (and no member that left), and each one's settings list them
   * all, for when it starts next.
   */
  void introduce(List<UUID> members, RequestContext context) {
    List<ClusterNode> nodes =
        compute.connectClusterMembers(members.stream().map(UUID::toString).toList());
    List<Promise<Void>> updates = new ArrayList<>();
    for (ClusterNode node : nodes) {
      updates.add(
          Async.procedure(
              guest::setClusterMembers, node.memberId(), context, new ClusterMembers(nodes)));
    }
    Promise.allOf(updates).get();
  }

  private static ChildWorkflowOptions childOptions(String operationId) {
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(operationId)
        .setWorkflowIdReusePolicy(
            WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
        .build();
  }
}
