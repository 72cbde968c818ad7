package org.opentrove.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentrove.contract.DatabaseSpec;
import org.opentrove.contract.DatabasesArgs;
import org.opentrove.contract.GuestErrorType;
import org.opentrove.contract.GuestMethods;
import org.opentrove.contract.PrepareArgs;
import org.opentrove.contract.Reply;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.RootCredentials;
import org.opentrove.contract.UserAccessArgs;
import org.opentrove.contract.UserRef;
import org.opentrove.contract.UserSpec;
import org.opentrove.contract.UserUpdateArgs;
import org.opentrove.contract.UsersArgs;
import org.opentrove.contract.Wire;
import org.opentrove.guest.rpc.GuestDispatcher;

/**
 * Databases, users and root through the guest's RPC dispatch against real PostgreSQL and MariaDB
 * servers, checked by logging in as the tenant's users over JDBC.
 */
class DatastoreAdminTest {
  /** Quotes, backticks, a statement separator, a comment and non-ASCII: stored literally. */
  private static final String HOSTILE_PASSWORD = "p'w\"`; DROP DATABASE appdb; -- \\ ünï✓";

  private Path base;
  private ManagedDatastore manager;

  static Stream<TestEngine> engines() {
    return TestEngine.all();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (manager != null) {
      manager.shutdown();
    }
    if (base != null) {
      TestDirs.deleteTree(base);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aUserReachesExactlyTheDatabasesItIsGrantedUntilItIsDeleted(TestEngine engine)
      throws Exception {
    int port = prepare(engine);
    call(GuestMethods.CREATE_DATABASE, new DatabasesArgs(List.of(db("otherdb"))));
    call(
        GuestMethods.CREATE_USER,
        new UsersArgs(List.of(new UserSpec("alice", HOSTILE_PASSWORD, "%", List.of("appdb")))));
    UserRef alice = new UserRef("alice", "%");

    assertCanUse(engine, port, "appdb", "alice", HOSTILE_PASSWORD);
    assertRefused(engine, port, "otherdb", "alice", HOSTILE_PASSWORD);
    assertThat(names(call(GuestMethods.LIST_ACCESS, alice))).containsExactly("appdb");

    call(GuestMethods.GRANT_ACCESS, new UserAccessArgs(alice, List.of("otherdb")));
    assertCanUse(engine, port, "otherdb", "alice", HOSTILE_PASSWORD);
    call(GuestMethods.REVOKE_ACCESS, new UserAccessArgs(alice, List.of("otherdb")));
    assertRefused(engine, port, "otherdb", "alice", HOSTILE_PASSWORD);

    call(GuestMethods.UPDATE_ATTRIBUTES, new UserUpdateArgs(alice, null, null, "n3w-secret"));
    assertRefused(engine, port, "appdb", "alice", HOSTILE_PASSWORD);
    assertCanUse(engine, port, "appdb", "alice", "n3w-secret");
    call(
        GuestMethods.CHANGE_PASSWORDS,
        new UsersArgs(List.of(new UserSpec("alice", "n3w-secret", "%", List.of()))));
    call(GuestMethods.UPDATE_ATTRIBUTES, new UserUpdateArgs(alice, "alice2", null, null));
    assertRefused(engine, port, "appdb", "alice", "n3w-secret");
    assertCanUse(engine, port, "appdb", "alice2", "n3w-secret");
    call(
        GuestMethods.UPDATE_ATTRIBUTES,
        new UserUpdateArgs(new UserRef("alice2", "%"), "alice", null, null));

    JsonNode users = call(GuestMethods.LIST_USERS, Map.of());
    assertThat(users.findValuesAsText("name")).containsExactly("alice", "app_user");

    call(GuestMethods.DELETE_USER, alice);
    assertRefused(engine, port, "appdb", "alice", "n3w-secret");
    assertThat(error(GuestMethods.GET_USER, alice).errorType()).isEqualTo("NotFound");
    assertThat(names(call(GuestMethods.LIST_DATABASES, Map.of())))
        .containsExactly("appdb", "otherdb");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void rootEnableGivesAWorkingSuperuserAndDisableTakesItAway(TestEngine engine) throws Exception {
    int port = prepare(engine);
    assertThat(call(GuestMethods.IS_ROOT_ENABLED, Map.of()).path("enabled").asBoolean()).isFalse();

    JsonNode root = call(GuestMethods.ENABLE_ROOT, new RootCredentials(null, null));
    String name = root.path("name").asText();
    String password = root.path("password").asText();
    assertThat(password).hasSizeGreaterThan(20);
    try (Connection connection = engine.connect(port, "appdb", name, password);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE made_by_root");
    }
    assertThat(call(GuestMethods.IS_ROOT_ENABLED, Map.of()).path("enabled").asBoolean()).isTrue();

    call(GuestMethods.DISABLE_ROOT, Map.of());
    assertRefused(engine, port, "appdb", name, password);
    assertThat(call(GuestMethods.IS_ROOT_ENABLED, Map.of()).path("enabled").asBoolean()).isFalse();
  }

  /** The API refuses such names; the guest must still quote them if one ever got through. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void hostileNamesAreCreatedLiterallyAndNothingElseRuns(TestEngine engine) throws Exception {
    int port = prepare(engine);
    String hostileDb = "x\"`'; DROP DATABASE appdb; --";
    call(GuestMethods.CREATE_DATABASE, new DatabasesArgs(List.of(db(hostileDb))));
    String hostileUser = "u'`\"; DROP USER x; --";
    call(
        GuestMethods.CREATE_USER,
        new UsersArgs(List.of(new UserSpec(hostileUser, "pw", "%", List.of(hostileDb)))));

    assertThat(names(call(GuestMethods.LIST_DATABASES, Map.of())))
        .containsExactlyInAnyOrder("appdb", hostileDb);
    assertCanUse(engine, port, hostileDb, hostileUser, "pw");
    assertCanUse(engine, port, "appdb", "app_user", HOSTILE_PASSWORD);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void requestsNamingMissingOrExistingThingsChangeNothing(TestEngine engine) throws Exception {
    prepare(engine);
    UserSpec bob = new UserSpec("bob", "pw", "%", List.of("missing_db"));
    if (engine.datastore().equals("mariadb")) {
      // MariaDB keeps a grant on a database not created yet, as Trove's MySQL guest relies on.
      call(GuestMethods.CREATE_USER, new UsersArgs(List.of(bob)));
      assertThat(call(GuestMethods.LIST_USERS, Map.of()).findValuesAsText("name"))
          .containsExactlyInAnyOrder("app_user", "bob");
    } else {
      assertThat(error(GuestMethods.CREATE_USER, new UsersArgs(List.of(bob))).errorType())
          .isEqualTo("NotFound");
      assertThat(call(GuestMethods.LIST_USERS, Map.of()).findValuesAsText("name"))
          .containsExactly("app_user");
    }
    assertThat(
            error(GuestMethods.CREATE_DATABASE, new DatabasesArgs(List.of(db("new1"), db("appdb"))))
                .errorType())
        .isEqualTo("AlreadyExists");
    assertThat(names(call(GuestMethods.LIST_DATABASES, Map.of()))).containsExactly("appdb");
    Reply failed =
        error(
            GuestMethods.CREATE_USER,
            new UsersArgs(List.of(new UserSpec("app_user", HOSTILE_PASSWORD, "%", List.of()))));
    assertThat(failed.errorType()).isEqualTo("AlreadyExists");
    assertThat(failed.errorMessage()).doesNotContain(HOSTILE_PASSWORD);
  }

  /** The API refuses these first; the guest refuses them again, before anything changes. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void reservedNamesAndRefusedCharacterSetsChangeNothing(TestEngine engine) throws Exception {
    prepare(engine);
    String systemDb = engine.datastore().equals("mariadb") ? "mysql" : "template1";
    String systemUser = engine.datastore().equals("mariadb") ? "root" : "postgres";
    UserRef appUser = new UserRef("app_user", "%");

    assertThat(
            error(GuestMethods.GRANT_ACCESS, new UserAccessArgs(appUser, List.of(systemDb)))
                .errorType())
        .isEqualTo(GuestErrorType.INVALID_ARGUMENTS.wireName());
    assertThat(
            error(
                    GuestMethods.CREATE_USER,
                    new UsersArgs(List.of(new UserSpec(systemUser, "pw", "%", List.of()))))
                .errorType())
        .isEqualTo(GuestErrorType.INVALID_ARGUMENTS.wireName());
    Reply refused =
        error(
            GuestMethods.CREATE_DATABASE,
            new DatabasesArgs(
                List.of(db("first"), new DatabaseSpec("second", "klingon", null), db("third"))));

    assertThat(refused.errorType()).isEqualTo(GuestErrorType.INVALID_ARGUMENTS.wireName());
    assertThat(refused.errorMessage()).contains("klingon");
    assertThat(names(call(GuestMethods.LIST_ACCESS, appUser))).containsExactly("appdb");
    assertThat(names(call(GuestMethods.LIST_DATABASES, Map.of()))).containsExactly("appdb");
    assertThat(call(GuestMethods.LIST_USERS, Map.of()).findValuesAsText("name"))
        .containsExactly("app_user");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aPrepareNamingASystemDatabaseFailsBeforeCreatingAnything(TestEngine engine)
      throws Exception {
    engine.requireAvailable();
    base = TestDirs.traversableTempDir("admin-test");
    manager = engine.manager(TestDirs.traversableChild(base, "volume"), null);
    String systemDb = engine.datastore().equals("mariadb") ? "mysql" : "postgres";
    PrepareArgs args =
        new PrepareArgs(
            engine.datastore(),
            null,
            TestDirs.freePort(),
            256,
            List.of(db("appdb")),
            List.of(new UserSpec("eve", "pw", "%", List.of(systemDb))));

    // the check runs before the first database or user is created
    assertThatThrownBy(() -> manager.prepare(args))
        .hasMessageContaining("at step 'check names'")
        .hasMessageContaining(systemDb + " is reserved");
  }

  /** A single-byte character set works on both engines (PostgreSQL's cluster locale is UTF-8). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aLatin1DatabaseIsCreatedWithAMatchingCollation(TestEngine engine) throws Exception {
    prepare(engine);
    boolean mariadb = engine.datastore().equals("mariadb");
    call(
        GuestMethods.CREATE_DATABASE,
        new DatabasesArgs(
            List.of(
                new DatabaseSpec("legacy", mariadb ? "latin1" : "LATIN1", null),
                new DatabaseSpec(
                    "sorted", mariadb ? "utf8mb4" : "UTF8", mariadb ? "utf8mb4_bin" : "C"))));

    JsonNode databases = call(GuestMethods.LIST_DATABASES, Map.of());
    Map<String, JsonNode> byName = new java.util.HashMap<>();
    databases.forEach(d -> byName.put(d.path("name").asText(), d));
    assertThat(byName.get("legacy").path("character_set").asText()).isEqualToIgnoringCase("latin1");
    assertThat(byName.get("sorted").path("collate").asText())
        .isEqualTo(mariadb ? "utf8mb4_bin" : "C");
  }

  private int prepare(TestEngine engine) throws Exception {
    engine.requireAvailable();
    base = TestDirs.traversableTempDir("admin-test");
    Path dataDir = TestDirs.traversableChild(base, "volume");
    int port = TestDirs.freePort();
    manager = engine.manager(dataDir, null);
    manager.prepare(
        new PrepareArgs(
            engine.datastore(),
            null,
            port,
            256,
            List.of(db("appdb")),
            List.of(new UserSpec("app_user", HOSTILE_PASSWORD, "%", List.of("appdb")))));
    return port;
  }

  private JsonNode call(String method, Object args) {
    Reply reply = dispatch(method, args);
    assertThat(reply.isError()).as(method + ": " + reply.errorMessage()).isFalse();
    return reply.result();
  }

  private Reply error(String method, Object args) {
    Reply reply = dispatch(method, args);
    assertThat(reply.isError()).as(method + " should fail").isTrue();
    return reply;
  }

  private Reply dispatch(String method, Object args) {
    return new GuestDispatcher(manager)
        .dispatch(Wire.envelope(method, args, RequestContext.none(), Clock.systemUTC()));
  }

  private static DatabaseSpec db(String name) {
    return new DatabaseSpec(name, null, null);
  }

  private static List<String> names(JsonNode list) {
    return list.isArray() && list.size() > 0 && list.get(0).isTextual()
        ? Wire.convert(list, String[].class) == null
            ? List.of()
            : List.of(Wire.convert(list, String[].class))
        : list.findValuesAsText("name");
  }

  private static void assertCanUse(
      TestEngine engine, int port, String database, String user, String password)
      throws SQLException {
    try (Connection connection = engine.connect(port, database, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS proof (id int)");
    }
  }

  private static void assertRefused(
      TestEngine engine, int port, String database, String user, String password) {
    assertThatThrownBy(
            () -> {
              try (Connection connection = engine.connect(port, database, user, password)) {
                connection.createStatement().execute("CREATE TABLE refused_proof (id int)");
              }
            })
        .as(user + " on " + database)
        .isInstanceOf(SQLException.class);
  }
}
