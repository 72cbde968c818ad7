package org.opentrove.guest.rpc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.opentrove.contract.GuestErrorType;
import org.opentrove.contract.PrepareArgs;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.guest.DatastoreAdmin;
import org.opentrove.guest.DatastoreManager;
import org.opentrove.guest.GuestOperationException;
import org.opentrove.guest.GuestStatus;
import org.opentrove.guest.backup.DatastoreBackups;

/** A datastore manager that records calls and reports what it is told to. */
class FakeManager implements DatastoreManager {
  final List<PrepareArgs> prepared = new CopyOnWriteArrayList<>();
  volatile int restarts;
  final List<Integer> flavorsApplied = new CopyOnWriteArrayList<>();
  volatile RuntimeException failRestartWith;
  volatile GuestStatus status = GuestStatus.of(ServiceStatus.HEALTHY);

  @Override
  public void recover() {}

  @Override
  public void prepare(PrepareArgs args) {
    prepared.add(args);
  }

  @Override
  public GuestStatus stopDb() {
    status = GuestStatus.of(ServiceStatus.SHUTDOWN);
    return status;
  }

  @Override
  public GuestStatus restart() {
    restarts++;
    if (failRestartWith != null) {
      throw failRestartWith;
    }
    return status;
  }

  @Override
  public GuestStatus applyFlavor(int memoryMb) {
    flavorsApplied.add(memoryMb);
    return status;
  }

  @Override
  public GuestStatus status() {
    return status;
  }

  @Override
  public DatastoreAdmin admin() {
    throw new GuestOperationException(GuestErrorType.NOT_READY, "the fake has no datastore");
  }

  @Override
  public DatastoreBackups backups() {
    throw new GuestOperationException(GuestErrorType.NOT_READY, "the fake has no datastore");
  }

  @Override
  public void shutdown() {}

  @Override
  public org.opentrove.contract.ReplicaLogin addReplica(String replicaId) {
    throw new UnsupportedOperationException("not used by these tests");
  }

  @Override
  public void removeReplica(String replicaId) {
    throw new UnsupportedOperationException("not used by these tests");
  }

  @Override
  public GuestStatus detachReplica() {
    throw new UnsupportedOperationException("not used by these tests");
  }

  @Override
  public org.opentrove.contract.ReplicationPosition stopAsSource() {
    throw new UnsupportedOperationException("not used by these tests");
  }

  @Override
  public GuestStatus promoteReplica(String after) {
    throw new UnsupportedOperationException("not used by these tests");
  }

  @Override
  public GuestStatus followSource(org.opentrove.contract.ReplicationSource source) {
    throw new UnsupportedOperationException("not used by these tests");
  }

  @Override
  public GuestStatus setClusterMembers(org.opentrove.contract.ClusterMembers members) {
    throw new UnsupportedOperationException("not used by these tests");
  }

  @Override
  public void hold() {}

  @Override
  public GuestStatus rejoinSource(org.opentrove.contract.RejoinArgs args) {
    throw new UnsupportedOperationException("not used by these tests");
  }

  @Override
  public org.opentrove.contract.ReplicationPosition receivedPosition() {
    throw new UnsupportedOperationException("not used by these tests");
  }

  @Override
  public void setSynchronous(boolean synchronous) {
    throw new UnsupportedOperationException("not used by these tests");
  }
}
