package io.missive.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an {@link EndToEnd} class that uses the shared server of the default configuration
 * ({@code @RegisterExtension static final TestServer SERVER = TestServer.shared();}) instead of starting
 * one of its own: {@link EndToEndClassOrder} runs such classes one after another, so that the server
 * starts once for all of them, and {@link EndToEnd} closes it before a class without the mark.
 *
 * <p>Only for a class that neither depends on an empty server nor changes it for the classes after it:
 * see {@link TestServer}.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface SharesServer {
}
