package org.opentrove.api.errors;

/**
 * An error answered the way Trove writes it: {@code {"<name>": {"code": ..., "message": ...}}}. The
 * message is shown to the tenant: it must never carry a secret.
 */
public class TroveError extends RuntimeException {
  private final int code;
  private final String name;

  public TroveError(int code, String name, String message) {
    super(message);
    this.code = code;
    this.name = name;
  }

  public static TroveError badRequest(String message) {
    return new TroveError(400, "badRequest", message);
  }

  public static TroveError unauthorized(String message) {
    return new TroveError(401, "unauthorized", message);
  }

  public static TroveError forbidden(String message) {
    return new TroveError(403, "forbidden", message);
  }

  public static TroveError notImplemented(String message) {
    return new TroveError(501, "notImplemented", message);
  }

  public static TroveError notFound(String message) {
    return new TroveError(404, "itemNotFound", message);
  }

  /** Trove's {@code BackupNotCompleteError}: 409. */
  public static TroveError conflict(String message) {
    return new TroveError(409, "conflict", message);
  }

  /** Trove's quota errors ({@code QuotaExceeded} and its kin): 413. */
  public static TroveError overLimit(String message) {
    return new TroveError(413, "overLimit", message);
  }

  public static TroveError unprocessable(String message) {
    return new TroveError(422, "unprocessableEntity", message);
  }

  public int code() {
    return code;
  }

  public String name() {
    return name;
  }
}
