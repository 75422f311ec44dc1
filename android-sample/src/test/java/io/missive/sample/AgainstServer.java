package io.missive.sample;

import io.missive.server.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The tests of the sample's models: the one real server shared by all of them, and for each test
 * the phones and clients it signs in, closed after it.
 */
public abstract class AgainstServer {

    @RegisterExtension
    static final SharedServer SHARED = new SharedServer();

    @TempDir
    protected Path dataDir;

    protected TestServer server;
    protected Phones phones;

    @BeforeEach
    void openPhones() {
        server = SHARED.get();
        phones = new Phones(server, dataDir);
    }

    @AfterEach
    void closePhones() {
        phones.close();
    }
}
