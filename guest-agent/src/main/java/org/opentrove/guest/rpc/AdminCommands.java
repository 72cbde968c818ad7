package org.opentrove.guest.rpc;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opentrove.contract.DatabaseSpec;
import org.opentrove.contract.DatabasesArgs;
import org.opentrove.contract.Envelope;
import org.opentrove.contract.GuestErrorType;
import org.opentrove.contract.GuestMethods;
import org.opentrove.contract.RootCredentials;
import org.opentrove.contract.UserAccessArgs;
import org.opentrove.contract.UserInfo;
import org.opentrove.contract.UserRef;
import org.opentrove.contract.UserSpec;
import org.opentrove.contract.UserUpdateArgs;
import org.opentrove.contract.UsersArgs;
import org.opentrove.contract.Wire;
import org.opentrove.guest.DatastoreAdmin;
import org.opentrove.guest.DatastoreManager;
import org.opentrove.guest.GuestOperationException;
import org.opentrove.guest.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Databases, users and root: checks every name a request refers to before it changes anything (a
 * request naming a reserved name, a missing user or an existing database changes nothing), then
 * asks the datastore's admin. A request of several items that fails part-way (a character set the
 * engine refuses) undoes what it had done, so it is all or nothing. A database error reaches the
 * caller without any password of the request.
 */
final class AdminCommands {
  private static final Logger log = LoggerFactory.getLogger(AdminCommands.class);

  static final Set<String> METHODS =
      Set.of(
          GuestMethods.LIST_DATABASES,
          GuestMethods.CREATE_DATABASE,
          GuestMethods.DELETE_DATABASE,
          GuestMethods.LIST_USERS,
          GuestMethods.GET_USER,
          GuestMethods.CREATE_USER,
          GuestMethods.DELETE_USER,
          GuestMethods.UPDATE_ATTRIBUTES,
          GuestMethods.CHANGE_PASSWORDS,
          GuestMethods.GRANT_ACCESS,
          GuestMethods.REVOKE_ACCESS,
          GuestMethods.LIST_ACCESS,
          GuestMethods.ENABLE_ROOT,
          GuestMethods.DISABLE_ROOT,
          GuestMethods.IS_ROOT_ENABLED);

  private final DatastoreManager manager;

  AdminCommands(DatastoreManager manager) {
    this.manager = manager;
  }

  Object run(Envelope envelope) {
    DatastoreAdmin admin = manager.admin();
    List<String> secrets = new ArrayList<>();
    try {
      refuseReservedNames(admin, envelope);
      return switch (envelope.method()) {
        case GuestMethods.LIST_DATABASES -> admin.listDatabases();
        case GuestMethods.CREATE_DATABASE ->
            createDatabases(admin, Wire.args(envelope, DatabasesArgs.class), secrets);
        case GuestMethods.DELETE_DATABASE ->
            deleteDatabase(admin, Wire.args(envelope, DatabaseSpec.class).name());
        case GuestMethods.LIST_USERS -> admin.listUsers();
        case GuestMethods.GET_USER -> user(admin, Wire.args(envelope, UserRef.class));
        case GuestMethods.CREATE_USER -> {
          UsersArgs args = Wire.args(envelope, UsersArgs.class);
          args.users().forEach(u -> secrets.add(u.password()));
          yield createUsers(admin, args, secrets);
        }
        case GuestMethods.DELETE_USER -> {
          UserRef user = Wire.args(envelope, UserRef.class);
          user(admin, user);
          admin.deleteUser(user);
          yield Map.of();
        }
        case GuestMethods.UPDATE_ATTRIBUTES -> {
          UserUpdateArgs args = Wire.args(envelope, UserUpdateArgs.class);
          secrets.add(args.newPassword());
          yield updateAttributes(admin, args);
        }
        case GuestMethods.CHANGE_PASSWORDS -> {
          UsersArgs args = Wire.args(envelope, UsersArgs.class);
          args.users().forEach(u -> secrets.add(u.password()));
          yield changePasswords(admin, args);
        }
        case GuestMethods.GRANT_ACCESS ->
            grant(admin, Wire.args(envelope, UserAccessArgs.class), secrets);
        case GuestMethods.REVOKE_ACCESS -> revoke(admin, Wire.args(envelope, UserAccessArgs.class));
        case GuestMethods.LIST_ACCESS ->
            user(admin, Wire.args(envelope, UserRef.class)).databases();
        case GuestMethods.ENABLE_ROOT -> {
          RootCredentials args = Wire.args(envelope, RootCredentials.class);
          secrets.add(args.password());
          yield admin.enableRoot(args.password());
        }
        case GuestMethods.DISABLE_ROOT -> {
          admin.disableRoot();
          yield Map.of();
        }
        case GuestMethods.IS_ROOT_ENABLED -> Map.of("enabled", admin.isRootEnabled());
        default -> throw new IllegalArgumentException("not an admin method: " + envelope.method());
      };
    } catch (SQLException e) {
      throw datastoreError(GuestErrorType.DATASTORE_ERROR, envelope.method(), e, secrets);
    }
  }

  private static GuestOperationException datastoreError(
      GuestErrorType type, String method, SQLException e, List<String> secrets) {
    String message =
        e.getMessage() + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")");
    return new GuestOperationException(
        type, Secrets.scrub(method + " failed: " + message, secrets));
  }

  /**
   * Every database and user a request names, checked against the engine's reserved names before
   * anything runs: the API refuses them first, this is the second line.
   */
  private static void refuseReservedNames(DatastoreAdmin admin, Envelope envelope) {
    List<String> databases = new ArrayList<>();
    List<String> users = new ArrayList<>();
    switch (envelope.method()) {
      case GuestMethods.CREATE_DATABASE ->
          Wire.args(envelope, DatabasesArgs.class)
              .databases()
              .forEach(d -> databases.add(d.name()));
      case GuestMethods.DELETE_DATABASE ->
          databases.add(Wire.args(envelope, DatabaseSpec.class).name());
      case GuestMethods.GET_USER, GuestMethods.DELETE_USER, GuestMethods.LIST_ACCESS ->
          users.add(Wire.args(envelope, UserRef.class).name());
      case GuestMethods.CREATE_USER, GuestMethods.CHANGE_PASSWORDS ->
          Wire.args(envelope, UsersArgs.class)
              .users()
              .forEach(
                  u -> {
                    users.add(u.name());
                    databases.addAll(u.databases());
                  });
      case GuestMethods.UPDATE_ATTRIBUTES -> {
        UserUpdateArgs args = Wire.args(envelope, UserUpdateArgs.class);
        users.add(args.user().name());
        users.add(args.newName());
      }
      case GuestMethods.GRANT_ACCESS, GuestMethods.REVOKE_ACCESS -> {
        UserAccessArgs args = Wire.args(envelope, UserAccessArgs.class);
        users.add(args.user().name());
        databases.addAll(args.databases());
      }
      default -> {
        // root and the lists name nothing
      }
    }
    for (String database : databases) {
      if (database == null || admin.isReservedDatabase(database)) {
        throw new GuestOperationException(
            GuestErrorType.INVALID_ARGUMENTS,
            "Database name '" + database + "' is reserved or missing.");
      }
    }
    for (String user : users) {
      if (user != null && admin.isReservedUser(user)) {
        throw new GuestOperationException(
            GuestErrorType.INVALID_ARGUMENTS, "User name '" + user + "' is reserved.");
      }
    }
  }

  private static Object createDatabases(
      DatastoreAdmin admin, DatabasesArgs args, List<String> secrets) throws SQLException {
    for (DatabaseSpec database : args.databases()) {
      if (admin.databaseExists(database.name())) {
        throw new GuestOperationException(
            GuestErrorType.ALREADY_EXISTS,
            "A database with the name " + database.name() + " already exists.");
      }
    }
    List<String> created = new ArrayList<>();
    try {
      for (DatabaseSpec database : args.databases()) {
        admin.createDatabase(database);
        created.add(database.name());
      }
    } catch (SQLException e) {
      undo("create_database", created, admin::deleteDatabase);
      // the engine refused what it was asked (a character set or collation it does not know)
      boolean refused = isRefusedArgument(e);
      throw datastoreError(
          refused ? GuestErrorType.INVALID_ARGUMENTS : GuestErrorType.DATASTORE_ERROR,
          GuestMethods.CREATE_DATABASE,
          e,
          secrets);
    }
    return Map.of();
  }

  /**
   * SQLSTATE classes 22 (data exception) and 42 (syntax or access rule: an unknown encoding, locale
   * or character set), and MariaDB's unknown collation (1273).
   */
  private static boolean isRefusedArgument(SQLException e) {
    String state = e.getSQLState();
    return (state != null && (state.startsWith("22") || state.startsWith("42")))
        || e.getErrorCode() == 1273;
  }

  /** Undoes, newest first, what a failed request did; a step that fails is logged and skipped. */
  private static <T> void undo(String method, List<T> done, SqlStep<T> step) {
    for (int i = done.size() - 1; i >= 0; i--) {
      try {
        step.run(done.get(i));
      } catch (SQLException | RuntimeException e) {
        log.warn("{}: could not undo a step of a failed request: {}", method, e.toString());
      }
    }
  }

  private interface SqlStep<T> {
    void run(T item) throws SQLException;
  }

  private static Object deleteDatabase(DatastoreAdmin admin, String name) throws SQLException {
    requireDatabase(admin, name);
    admin.deleteDatabase(name);
    return Map.of();
  }

  private static Object createUsers(DatastoreAdmin admin, UsersArgs args, List<String> secrets)
      throws SQLException {
    for (UserSpec user : args.users()) {
      if (admin.getUser(new UserRef(user.name(), user.host())).isPresent()) {
        throw new GuestOperationException(
            GuestErrorType.ALREADY_EXISTS,
            "A user with the name " + user.name() + " already exists.");
      }
      for (String database : user.databases()) {
        requireDatabase(admin, database);
      }
    }
    List<UserRef> created = new ArrayList<>();
    try {
      for (UserSpec user : args.users()) {
        UserRef ref = new UserRef(user.name(), user.host());
        admin.createUser(user);
        created.add(ref);
        for (String database : user.databases()) {
          admin.grantAccess(ref, database);
        }
      }
    } catch (SQLException e) {
      undo(GuestMethods.CREATE_USER, created, admin::deleteUser);
      throw datastoreError(GuestErrorType.DATASTORE_ERROR, GuestMethods.CREATE_USER, e, secrets);
    }
    return Map.of();
  }

  private static Object updateAttributes(DatastoreAdmin admin, UserUpdateArgs args)
      throws SQLException {
    user(admin, args.user());
    UserRef renamed =
        new UserRef(
            args.newName() == null ? args.user().name() : args.newName(),
            args.newHost() == null ? args.user().host() : args.newHost());
    boolean moves =
        !renamed.name().equals(args.user().name())
            || !String.valueOf(renamed.host()).equals(String.valueOf(args.user().host()));
    if (moves && admin.getUser(renamed).isPresent()) {
      throw new GuestOperationException(
          GuestErrorType.ALREADY_EXISTS,
          "A user with the name " + renamed.name() + " already exists.");
    }
    if (args.newPassword() != null) {
      admin.changePassword(args.user(), args.newPassword());
    }
    admin.rename(args.user(), args.newName(), args.newHost());
    return Map.of();
  }

  private static Object changePasswords(DatastoreAdmin admin, UsersArgs args) throws SQLException {
    for (UserSpec user : args.users()) {
      user(admin, new UserRef(user.name(), user.host()));
    }
    for (UserSpec user : args.users()) {
      admin.changePassword(new UserRef(user.name(), user.host()), user.password());
    }
    return Map.of();
  }

  private static Object grant(DatastoreAdmin admin, UserAccessArgs args, List<String> secrets)
      throws SQLException {
    UserInfo user = user(admin, args.user());
    for (String database : args.databases()) {
      requireDatabase(admin, database);
    }
    List<String> granted = new ArrayList<>();
    try {
      for (String database : args.databases()) {
        admin.grantAccess(args.user(), database);
        if (!user.databases().contains(database)) {
          granted.add(database);
        }
      }
    } catch (SQLException e) {
      undo(GuestMethods.GRANT_ACCESS, granted, db -> admin.revokeAccess(args.user(), db));
      throw datastoreError(GuestErrorType.DATASTORE_ERROR, GuestMethods.GRANT_ACCESS, e, secrets);
    }
    return Map.of();
  }

  private static Object revoke(DatastoreAdmin admin, UserAccessArgs args) throws SQLException {
    UserInfo user = user(admin, args.user());
    for (String database : args.databases()) {
      requireDatabase(admin, database);
      if (!user.databases().contains(database)) {
        throw new GuestOperationException(
            GuestErrorType.NOT_FOUND,
            "User " + user.name() + " has no access to database " + database + ".");
      }
    }
    for (String database : args.databases()) {
      admin.revokeAccess(args.user(), database);
    }
    return Map.of();
  }

  private static UserInfo user(DatastoreAdmin admin, UserRef ref) throws SQLException {
    return admin
        .getUser(ref)
        .orElseThrow(
            () ->
                new GuestOperationException(
                    GuestErrorType.NOT_FOUND,
                    "User " + ref.name() + " cannot be found on the instance."));
  }

  private static void requireDatabase(DatastoreAdmin admin, String name) throws SQLException {
    if (admin.grantsNeedTheDatabase() && !admin.databaseExists(name)) {
      throw new GuestOperationException(
          GuestErrorType.NOT_FOUND, "Database " + name + " cannot be found on the instance.");
    }
  }
}
