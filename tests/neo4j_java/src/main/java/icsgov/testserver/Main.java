package icsgov.testserver;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Neo4j 5 Community with Bolt on 127.0.0.1, for icsgov's tests.
 *
 * <p>Usage: {@code java -cp ... icsgov.testserver.Main HOME PORT}. Passwords come from the
 * environment, never argv: ICSGOV_TEST_NEO4J_PASSWORD for the user {@code neo4j} and
 * ICSGOV_TEST_NEO4J_SECOND_PASSWORD for a second user {@code icsgov_probe} that credential
 * tests may lock out without touching {@code neo4j}, and for {@code icsgov_expired}, whose
 * password must be changed before it may do anything. It prints {@code ready} when Bolt
 * listens and stops on {@code stop} or end of standard input.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    String password = System.getenv("ICSGOV_TEST_NEO4J_PASSWORD");
    String second = System.getenv("ICSGOV_TEST_NEO4J_SECOND_PASSWORD");
    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(home)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
            .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
            .setConfig(GraphDatabaseSettings.auth_enabled, true)
            .setConfig(GraphDatabaseSettings.auth_max_failed_attempts, 3)
            .setConfig(GraphDatabaseSettings.auth_lock_time, Duration.ofSeconds(5))
            .setConfig(GraphDatabaseSettings.pagecache_memory, 64L * 1024 * 1024)
            .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
            .setConfig(GraphDatabaseSettings.udc_enabled, false)
            .build();
    Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown));
    try {
      setPasswords(dbms, password, second);
    } catch (RuntimeException e) {
      e.printStackTrace();
      System.exit(1); // Neo4j's own threads would otherwise keep the JVM alive
    }
    System.out.println("ready");
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.strip().equals("stop")) {
        break;
      }
    }
    dbms.shutdown();
    System.exit(0);
  }

  /** On the first start only: a restart on the same data keeps the users it has. */
  private static void setPasswords(DatabaseManagementService dbms, String password, String second) {
    var system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
    boolean fresh =
        system.executeTransactionally(
            "SHOW USERS YIELD user, passwordChangeRequired "
                + "WHERE user = 'neo4j' RETURN passwordChangeRequired",
            Map.of(),
            result -> result.hasNext() && (Boolean) result.next().get("passwordChangeRequired"));
    if (!fresh) {
      return;
    }
    system.executeTransactionally(
        "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
    if (second != null && !second.isEmpty()) {
      system.executeTransactionally(
          "CREATE USER icsgov_probe IF NOT EXISTS SET PASSWORD $pw CHANGE NOT REQUIRED",
          Map.of("pw", second));
      system.executeTransactionally(
          "CREATE USER icsgov_expired IF NOT EXISTS SET PASSWORD $pw CHANGE REQUIRED",
          Map.of("pw", second));
    }
  }
}
