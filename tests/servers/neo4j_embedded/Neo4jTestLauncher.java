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
 *
 * TLS: when NEO4J_TEST_TLS_KEYSTORE names a PKCS12 key store (password in
 * NEO4J_TEST_TLS_STORE_PASSWORD), its key entry "server" is written as PEM
 * files private.key (PKCS#8) and public.crt (the certificate chain) into
 * the folder NEO4J_TEST_TLS_DIR, which the config names as the base
 * directory of the Bolt SSL policy.
 */

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
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
            writeTlsFiles();
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

    private static void writeTlsFiles() throws Exception {
        String store = System.getenv("NEO4J_TEST_TLS_KEYSTORE");
        if (store == null || store.isEmpty()) {
            return;
        }
        char[] password =
            System.getenv("NEO4J_TEST_TLS_STORE_PASSWORD").toCharArray();
        Path folder = Path.of(System.getenv("NEO4J_TEST_TLS_DIR"));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(store))) {
            keys.load(in, password);
        }
        Key key = keys.getKey("server", password);
        StringBuilder chain = new StringBuilder();
        for (Certificate cert : keys.getCertificateChain("server")) {
            chain.append(pem("CERTIFICATE", cert.getEncoded()));
        }
        Files.createDirectories(folder);
        Files.writeString(
            folder.resolve("private.key"),
            pem("PRIVATE KEY", key.getEncoded()),
            StandardCharsets.US_ASCII);
        Files.writeString(
            folder.resolve("public.crt"),
            chain.toString(),
            StandardCharsets.US_ASCII);
    }

    private static String pem(String kind, byte[] der) {
        String body = Base64.getMimeEncoder(
            64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + kind + "-----\n" + body
            + "\n-----END " + kind + "-----\n";
    }
}
