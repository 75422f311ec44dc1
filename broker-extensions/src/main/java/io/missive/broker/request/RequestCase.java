package io.missive.broker.request;

import com.google.inject.multibindings.MapKey;
import io.missive.protocol.v1.Uplink;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The request case a feature module's {@code @ProvidesIntoMap} method registers its
 * {@link RequestHandler} for:
 *
 * <pre>{@code
 * @ProvidesIntoMap
 * @RequestCase(Uplink.BodyCase.MARK_READ)
 * RequestHandler markRead(ReadHandler reads) { ... }
 * }</pre>
 */
@MapKey
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequestCase {

    Uplink.BodyCase value();
}
