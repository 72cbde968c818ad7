package org.opentrove.guest.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentrove.contract.DatabaseSpec;
import org.opentrove.contract.DatabasesArgs;
import org.opentrove.contract.GuestErrorType;
import org.opentrove.contract.GuestMethods;
import org.opentrove.contract.Reply;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.RootCredentials;
import org.opentrove.contract.UserAccessArgs;
import org.opentrove.contract.UserInfo;
import org.opentrove.contract.UserRef;
import org.opentrove.contract.UserSpec;
import org.opentrove.contract.UserUpdateArgs;
import org.opentrove.contract.UsersArgs;
import org.opentrove.contract.Wire;
import org.opentrove.guest.DatastoreAdmin;

/**
 * The admin commands' own guarantees, on an in-memory datastore: reserved names are refused before
 * anything runs, and a request of several items the engine refuses part-way is undone.
 */
class AdminCommandsTest {
  private final MemoryAdmin admin = new MemoryAdmin();
  private final GuestDispatcher dispatcher = new GuestDispatcher(new AdminManager(admin));

  static List<Object[]> reservedRequests() {
    UserRef alice = new UserRef("alice", "%");
    return List.of(
        new Object[] {
          GuestMethods.CREATE_DATABASE, new DatabasesArgs(List.of(db("new1"), db("mysql")))
        },
        new Object[] {GuestMethods.DELETE_DATABASE, db("mysql")},
        new Object[] {
          GuestMethods.CREATE_USER,
          new UsersArgs(List.of(new UserSpec("bob", "pw", "%", List.of("mysql"))))
        },
        new Object[] {
          GuestMethods.CREATE_USER,
          new UsersArgs(List.of(new UserSpec("root", "pw", "%", List.of())))
        },
        new Object[] {GuestMethods.GRANT_ACCESS, new UserAccessArgs(alice, List.of("mysql"))},
        new Object[] {GuestMethods.REVOKE_ACCESS, new UserAccessArgs(alice, List.of("mysql"))},
        new Object[] {
          GuestMethods.UPDATE_ATTRIBUTES, new UserUpdateArgs(alice, "root", null, null)
        },
        new Object[] {GuestMethods.DELETE_USER, new UserRef("os_admin", "%")},
        new Object[] {GuestMethods.GET_USER, new UserRef("root", "%")},
        new Object[] {
          GuestMethods.CHANGE_PASSWORDS,
          new UsersArgs(List.of(new UserSpec("root", "pw", "%", List.of())))
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reservedRequests")
  void reservedNamesAreRefusedBeforeAnythingRuns(String method, Object args) {
    admin.databases.add("appdb");
    admin.users.put("alice@%", new LinkedHashSet<>(List.of("appdb")));
    String before = admin.toString();

    Reply reply = dispatch(method, args);

    assertThat(reply.errorType()).isEqualTo(GuestErrorType.INVALID_ARGUMENTS.wireName());
    assertThat(reply.errorMessage()).contains("reserved");
    assertThat(admin.toString()).isEqualTo(before);
    assertThat(admin.statements).isEmpty();
  }

  @Test
  void aDatabaseTheEngineRefusesUndoesTheOnesCreatedBeforeIt() {
    admin.refuseDatabase = "bad";

    Reply reply =
        dispatch(
            GuestMethods.CREATE_DATABASE,
            new DatabasesArgs(List.of(db("one"), db("two"), db("bad"), db("four"))));

    assertThat(reply.errorType()).isEqualTo(GuestErrorType.INVALID_ARGUMENTS.wireName());
    assertThat(reply.errorMessage()).contains("klingon");
    assertThat(admin.databases).isEmpty();
    assertThat(admin.statements)
        .containsExactly("create one", "create two", "drop two", "drop one");
  }

  @Test
  void aUserTheEngineRefusesUndoesTheUsersCreatedBeforeIt() {
    admin.databases.add("appdb");
    admin.refuseUser = "carol";

    Reply reply =
        dispatch(
            GuestMethods.CREATE_USER,
            new UsersArgs(
                List.of(
                    new UserSpec("alice", "s3cret-a", "%", List.of("appdb")),
                    new UserSpec("bob", "s3cret-b", "%", List.of()),
                    new UserSpec("carol", "s3cret-c", "%", List.of()))));

    assertThat(reply.errorType()).isEqualTo(GuestErrorType.DATASTORE_ERROR.wireName());
    assertThat(reply.errorMessage()).doesNotContain("s3cret");
    assertThat(admin.users).isEmpty();
  }

  @Test
  void aGrantTheEngineRefusesRevokesOnlyWhatThisRequestGranted() {
    admin.databases.addAll(List.of("had", "new1", "bad"));
    admin.users.put("alice@%", new LinkedHashSet<>(List.of("had")));
    admin.refuseGrant = "bad";

    Reply reply =
        dispatch(
            GuestMethods.GRANT_ACCESS,
            new UserAccessArgs(new UserRef("alice", "%"), List.of("had", "new1", "bad")));

    assertThat(reply.isError()).isTrue();
    assertThat(admin.users.get("alice@%")).containsExactly("had");
  }

  private Reply dispatch(String method, Object args) {
    return dispatcher.dispatch(
        Wire.envelope(method, args, RequestContext.none(), Clock.systemUTC()));
  }

  private static DatabaseSpec db(String name) {
    return new DatabaseSpec(name, null, null);
  }

  /** A manager whose datastore is the in-memory admin. */
  private static final class AdminManager extends FakeManager {
    private final DatastoreAdmin admin;

    AdminManager(DatastoreAdmin admin) {
      this.admin = admin;
    }

    @Override
    public DatastoreAdmin admin() {
      return admin;
    }
  }

  /** Databases and users in memory, MariaDB's reserved names; refuses what it is told to. */
  private static final class MemoryAdmin implements DatastoreAdmin {
    final Set<String> databases = new LinkedHashSet<>();
    final Map<String, Set<String>> users = new LinkedHashMap<>();
    final List<String> statements = new ArrayList<>();
    String refuseDatabase;
    String refuseUser;
    String refuseGrant;

    @Override
    public String toString() {
      return databases + " " + users;
    }

    @Override
    public int port() {
      return 0;
    }

    @Override
    public boolean ping() {
      return true;
    }

    @Override
    public List<DatabaseSpec> listDatabases() {
      return databases.stream().map(AdminCommandsTest::db).toList();
    }

    @Override
    public boolean databaseExists(String name) {
      return databases.contains(name);
    }

    @Override
    public boolean createDatabase(DatabaseSpec spec) throws SQLException {
      if (spec.name().equals(refuseDatabase)) {
        throw new SQLException("Unknown character set: 'klingon'", "42000", 1115);
      }
      statements.add("create " + spec.name());
      return databases.add(spec.name());
    }

    @Override
    public void deleteDatabase(String name) {
      statements.add("drop " + name);
      databases.remove(name);
    }

    @Override
    public List<UserInfo> listUsers() {
      return List.of();
    }

    @Override
    public Optional<UserInfo> getUser(UserRef user) {
      Set<String> access = users.get(key(user));
      return access == null
          ? Optional.empty()
          : Optional.of(new UserInfo(user.name(), "%", List.copyOf(access)));
    }

    @Override
    public boolean createUser(UserSpec spec) throws SQLException {
      if (spec.name().equals(refuseUser)) {
        throw new SQLException(
            "Operation CREATE USER failed; password " + spec.password(), "HY000", 1396);
      }
      statements.add("create user " + spec.name());
      users.put(key(new UserRef(spec.name(), spec.host())), new LinkedHashSet<>());
      return true;
    }

    @Override
    public void deleteUser(UserRef user) {
      statements.add("drop user " + user.name());
      users.remove(key(user));
    }

    @Override
    public void changePassword(UserRef user, String password) {
      statements.add("password " + user.name());
    }

    @Override
    public void rename(UserRef user, String newName, String newHost) {
      statements.add("rename " + user.name());
    }

    @Override
    public void grantAccess(UserRef user, String database) throws SQLException {
      if (database.equals(refuseGrant)) {
        throw new SQLException("grant refused", "42000", 1044);
      }
      statements.add("grant " + database);
      users.get(key(user)).add(database);
    }

    @Override
    public void revokeAccess(UserRef user, String database) {
      statements.add("revoke " + database);
      users.get(key(user)).remove(database);
    }

    @Override
    public List<String> listAccess(UserRef user) {
      return List.copyOf(users.getOrDefault(key(user), Set.of()));
    }

    @Override
    public RootCredentials enableRoot(String password) {
      return new RootCredentials("root", password);
    }

    @Override
    public void disableRoot() {}

    @Override
    public boolean isRootEnabled() {
      return false;
    }

    @Override
    public boolean isReservedDatabase(String name) {
      return Set.of("mysql", "information_schema", "performance_schema", "sys").contains(name);
    }

    @Override
    public boolean isReservedUser(String name) {
      return Set.of("root", "os_admin", "mariadb.sys").contains(name);
    }

    @Override
    public void close() {}

    private static String key(UserRef user) {
      return user.name() + "@" + (user.host() == null ? "%" : user.host());
    }
  }
}
