package org.opentrove.dist.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.opentrove.store.OperationDao;
import org.opentrove.store.OperationRow;

/**
 * What a failed wait on an instance needs to be understood from CI's console alone (the system's
 * work directory goes with it): the instance's open operations and their steps, and the tails of
 * the worker's, the in-process roles' and the guest's logs.
 */
final class SystemDiagnosis {
  private static final int ROLE_LOG_LINES = 40;
  private static final int GUEST_LOG_LINES = 25;

  private SystemDiagnosis() {}

  static String of(TroveSystem system, String instanceId) {
    StringBuilder out = new StringBuilder("\n== diagnosis of instance ").append(instanceId);
    try {
      UUID id = UUID.fromString(instanceId);
      for (OperationRow operation :
          system.jdbi.withExtension(OperationDao.class, dao -> dao.listOpen(id))) {
        out.append("\n-- open operation ").append(operation);
        system
            .jdbi
            .withExtension(OperationDao.class, dao -> dao.listSteps(operation.id()))
            .forEach(step -> out.append("\n   ").append(step));
      }
    } catch (RuntimeException e) {
      out.append("\n-- operations unreadable: ").append(e);
    }
    Path workDir = system.services.workDir;
    tail(out, workDir.resolve("worker.log"), ROLE_LOG_LINES);
    tail(out, workDir.resolve("app.log"), ROLE_LOG_LINES);
    for (Function<String, Optional<Path>> guestLogs : system.guestLogFinders()) {
      guestLogs.apply(instanceId).ifPresent(log -> tail(out, log, GUEST_LOG_LINES));
    }
    return out.toString();
  }

  private static void tail(StringBuilder out, Path log, int lines) {
    out.append("\n-- last ").append(lines).append(" lines of ").append(log);
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      all.subList(Math.max(0, all.size() - lines), all.size())
          .forEach(line -> out.append("\n   ").append(clip(line)));
    } catch (IOException | RuntimeException e) {
      out.append("\n   (unreadable: ").append(e).append(')');
    }
  }

  private static String clip(String line) {
    return line.length() > 400 ? line.substring(0, 400) + "..." : line;
  }
}
