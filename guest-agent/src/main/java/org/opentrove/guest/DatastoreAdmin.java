package org.opentrove.guest;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.opentrove.contract.DatabaseSpec;
import org.opentrove.contract.RootCredentials;
import org.opentrove.contract.UserInfo;
import org.opentrove.contract.UserRef;
import org.opentrove.contract.UserSpec;

/**
 * Databases, users and root of one running server (Trove's per-datastore "admin"), as the agent's
 * own administrator. Names arrive validated by the API; implementations still quote every name and
 * literal, and never put a tenant's password in clear into a statement.
 */
public interface DatastoreAdmin extends AutoCloseable {

  int port();

  /** Whether the server answers a query within a few seconds; called on every heartbeat. */
  boolean ping();

  List<DatabaseSpec> listDatabases() throws SQLException;

  boolean databaseExists(String name) throws SQLException;

  /** Whether access can only be granted to a database that exists already. */
  default boolean grantsNeedTheDatabase() {
    return true;
  }

  /** Creates the database unless it exists; returns whether it created it. */
  boolean createDatabase(DatabaseSpec spec) throws SQLException;

  void deleteDatabase(String name) throws SQLException;

  /** The tenant's users: neither the agent's own nor the system's nor root. */
  List<UserInfo> listUsers() throws SQLException;

  Optional<UserInfo> getUser(UserRef user) throws SQLException;

  /** Creates the user unless it exists; returns whether it created it. */
  boolean createUser(UserSpec spec) throws SQLException;

  void deleteUser(UserRef user) throws SQLException;

  void changePassword(UserRef user, String password) throws SQLException;

  /** Renames the user and moves it to another host; nulls leave a part unchanged. */
  void rename(UserRef user, String newName, String newHost) throws SQLException;

  void grantAccess(UserRef user, String database) throws SQLException;

  void revokeAccess(UserRef user, String database) throws SQLException;

  List<String> listAccess(UserRef user) throws SQLException;

  /** Creates or resets the datastore's superuser with {@code password}. */
  RootCredentials enableRoot(String password) throws SQLException;

  void disableRoot() throws SQLException;

  boolean isRootEnabled() throws SQLException;

  /**
   * Whether {@code name} is a database no tenant request may name: the engine's system databases
   * (the API refuses them first; this is the second line).
   */
  boolean isReservedDatabase(String name);

  /** Whether {@code name} is an account no tenant request may name: root, the agent's, system's. */
  boolean isReservedUser(String name);

  /** Closes the health-check connection; the admin stays usable. */
  @Override
  void close();
}
