package org.opentrove.contract;

/** Who asked for a command and which operation (and step) it belongs to. */
public record RequestContext(String requestId, String projectId, String operationId, String step) {

  public static RequestContext none() {
    return new RequestContext(null, null, null, null);
  }

  /**
   * The key a guest uses to recognise a retried command it already applied: the operation, the step
   * and the method, so two commands of one step (a revert stops, then starts) are not taken for one
   * another.
   */
  public String idempotencyKey(String method) {
    if (operationId == null) {
      return null;
    }
    return operationId + "/" + (step == null ? method : step + "/" + method);
  }
}
