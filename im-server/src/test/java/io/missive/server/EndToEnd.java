package io.missive.server;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that starts real servers or processes ({@link TestServer}, a server process, a
 * benchmark run) or reads the packaged artifacts (the extension zip). Such classes run in the integration-test phase ({@code mvn verify}), so that
 * {@code mvn test} stays a quick loop of unit tests; {@link TestServer} refuses to start in the test
 * phase, so a class that forgets the mark fails at once.
 *
 * <p>Before a class that does not share the server ({@link SharesServer}), the shared one
 * ({@link TestServer#shared()}) is closed, if it runs ({@link ReleaseSharedServer}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(EndToEnd.TAG)
@ExtendWith(ReleaseSharedServer.class)
public @interface EndToEnd {

    /** The JUnit tag: the build selects the integration-test phase's tests by it. */
    String TAG = "end-to-end";

    /**
     * The JUnit tag of a class that loads the machine by itself (an overload, thousands of clients):
     * it runs alone, after the others, which run in several test JVMs at once.
     */
    String ALONE = "alone";
}
