package org.opentrove.guest.os;

import java.util.List;

/** How a command ended: its exit code and the last lines of its combined stdout and stderr. */
public record ProcessResult(String name, int exitCode, List<String> tail) {

  public ProcessResult {
    tail = List.copyOf(tail);
  }

  public boolean succeeded() {
    return exitCode == 0;
  }

  /** The output tail on one line each, for error messages. */
  public String tailText() {
    return String.join("\n", tail);
  }
}
