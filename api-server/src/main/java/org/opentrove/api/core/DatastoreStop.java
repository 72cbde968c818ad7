package org.opentrove.api.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.api.errors.TroveError;
import org.opentrove.contract.GuestMethods;
import org.opentrove.model.OperationType;
import org.opentrove.store.InstanceRow;
import org.opentrove.store.OperationDao;
import org.opentrove.temporal.WorkflowIds;

/**
 * Trove's management {@code stop}: a call to the guest, which stops its datastore and reports
 * SHUTDOWN from then on (a reboot starts it again). Whatever the instance's status, as Trove's, but
 * not while an operation holds the instance. Stopping a stopped datastore succeeds. Once the guest
 * answered, the stop is recorded as a SUCCEEDED operation.
 */
public class DatastoreStop {
  private final Jdbi jdbi;
  private final InstanceAdmin admin;
  private final ObjectMapper json;
  private final Clock clock;

  public DatastoreStop(Jdbi jdbi, InstanceAdmin admin, ObjectMapper json, Clock clock) {
    this.jdbi = jdbi;
    this.admin = admin;
    this.json = json;
    this.clock = clock;
  }

  /** Stops the instance's datastore; answers the id of the operation that records it. */
  public String stop(InstanceRow row) {
    if (row.taskStatus().isRunning()) {
      throw TroveError.unprocessable(
          "Instance "
              + row.id()
              + " is busy ("
              + row.taskStatus()
              + "); stop it when that has finished, or reset its task first.");
    }
    admin.call(
        new InstanceAdmin.Target(row, SchemaBodies.forDatastore(row.datastoreName())),
        GuestMethods.STOP_DB,
        Map.of());
    Instant now = clock.instant();
    String operationId = WorkflowIds.newRepeatable(OperationType.INSTANCE_STOP, row.id());
    jdbi.useExtension(
        OperationDao.class,
        dao ->
            dao.insert(
                OperationRows.done(
                    json,
                    operationId,
                    OperationType.INSTANCE_STOP,
                    row.id(),
                    row.projectId(),
                    "admin",
                    Map.of("stop", Map.of()),
                    now),
                null));
    return operationId;
  }
}
