/*
 * Starts an embedded Neo4j for the driver's integration tests.
 *
 * Usage: java -cp <classes>:<neo4j class path> Neo4jTestLauncher
 *            <home folder> <config file>
 *
 * Every setting (Bolt address, auth, memory) comes from the config file
 * written by tests/servers/neo4j.py.  The password of user "neo4j" comes
 * from the environment variable NEO4J_TEST_PASSWORD (never the command
 * line).  Once the password is set, the line "neo4j-test-launcher: started"
 * is printed; the process then runs until SIGTERM, which shuts the
 * databases down cleanly.  If start-up fails the stack trace is printed and
 * the process exits with code 3.
 */

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

public final class Neo4jTestLauncher {
    static final String STARTED = "neo4j-test-launcher: started";

    private Neo4jTestLauncher() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: Neo4jTestLauncher <home> <config>");
            System.exit(2);
        }
        String password = System.getenv("NEO4J_TEST_PASSWORD");
        if (password == null || password.isEmpty()) {
            System.err.println("NEO4J_TEST_PASSWORD is not set");
            System.exit(2);
        }
        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(Path.of(args[0]))
                .loadPropertiesFromFile(Path.of(args[1]))
                .build();
            dbms.database("system").executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                Map.of("password", password));
        } catch (Throwable failure) {
            failure.printStackTrace();
            System.err.flush();
            Runtime.getRuntime().halt(3);
            return;
        }
        Runtime.getRuntime().addShutdownHook(
            new Thread(dbms::shutdown, "neo4j-test-shutdown"));
        System.out.println(STARTED);
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
