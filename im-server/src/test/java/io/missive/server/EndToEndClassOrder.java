package io.missive.server;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.Comparator;

/**
 * The order of the end-to-end classes in one test JVM: first the classes that share the server
 * ({@link SharesServer}), so that it starts once for all of them, then the others; by class name within
 * each. The build sets it for the integration-test phase ({@code junit.jupiter.testclass.order.default}).
 */
public final class EndToEndClassOrder implements ClassOrderer {

    @Override
    public void orderClasses(final ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator
                .comparing((ClassDescriptor descriptor) -> !sharesServer(descriptor.getTestClass()))
                .thenComparing(descriptor -> descriptor.getTestClass().getName()));
    }

    static boolean sharesServer(final Class<?> testClass) {
        return AnnotationSupport.isAnnotated(testClass, SharesServer.class);
    }
}
