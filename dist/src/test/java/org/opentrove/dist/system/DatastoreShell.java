package org.opentrove.dist.system;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs shell commands where a tenant's PostgreSQL runs them ({@code COPY ... FROM PROGRAM}, as the
 * server's OS user): what a tenant with root can do.
 */
record DatastoreShell(Connection connection) {

  record Result(int exitCode, String output) {}

  Result run(String command) throws SQLException {
    // COPY's text format splits on tabs and reads backslashes as escapes: neither may pass.
    String script = "((" + command + ") 2>&1; echo \"rc=$?\") | tr '\\t\\\\' '  '";
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TEMP TABLE IF NOT EXISTS shell_out (n serial, line text)");
      statement.execute("TRUNCATE shell_out");
      statement.execute("COPY shell_out (line) FROM PROGRAM '" + script.replace("'", "''") + "'");
      StringBuilder output = new StringBuilder();
      int exitCode = -1;
      try (ResultSet rs = statement.executeQuery("SELECT line FROM shell_out ORDER BY n")) {
        while (rs.next()) {
          String line = rs.getString(1);
          if (line.startsWith("rc=")) {
            exitCode = Integer.parseInt(line.substring(3));
          } else {
            output.append(output.length() == 0 ? "" : "\n").append(line);
          }
        }
      }
      return new Result(exitCode, output.toString());
    }
  }
}
