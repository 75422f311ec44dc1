package io.missive.sample.platform;

import org.codehaus.mojo.animal_sniffer.ClassListBuilder;
import org.codehaus.mojo.animal_sniffer.SignatureChecker;
import org.codehaus.mojo.animal_sniffer.logging.Logger;
import org.jetbrains.annotations.NotNull;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The API of one Android version as an Animal Sniffer signature: every class, method and field the
 * platform has, plus what D8 backports and core library desugaring add. The Maven build hands the
 * signature file to the tests in the system property {@value #PROPERTY}.
 */
final class AndroidSignature {

    static final @NotNull String PROPERTY = "missive.android.signature";

    private final @NotNull Path file;

    private AndroidSignature(final @NotNull Path file) {
        this.file = file;
    }

    static @NotNull AndroidSignature fromBuild() {
        final String path = System.getProperty(PROPERTY);
        if (path == null || path.isBlank() || !Files.isRegularFile(Paths.get(path))) {
            throw new IllegalStateException("no Android signature file in the system property " + PROPERTY
                    + " (" + path + "): run the tests with Maven");
        }
        return new AndroidSignature(Paths.get(path));
    }

    /** The jar or class directory a class was loaded from. */
    static @NotNull File codeOf(final @NotNull Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (final URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks compiled code as an app would ship it: its classes may use each other and the platform,
     * nothing else.
     *
     * @param bundle the jars and class directories the app ships
     * @param checked the part of them to check (all of {@code bundle}, or single class files of it)
     * @return one line per use of something the platform lacks: {@code file:line: Undefined reference: ...}
     */
    @NotNull List<String> undefinedReferences(final @NotNull List<File> bundle, final @NotNull List<File> checked)
            throws IOException {
        final Errors errors = new Errors();
        final ClassListBuilder bundled = new ClassListBuilder(errors);
        bundled.process(bundle.toArray(new File[0]));
        final Set<String> ownClasses = bundled.getPackages();
        final SignatureChecker checker;
        try (InputStream in = Files.newInputStream(file)) {
            checker = new SignatureChecker(in, ownClasses, errors);
        }
        checker.setCheckJars(true);
        checker.setSourcePath(List.of());
        checker.process(checked.toArray(new File[0]));
        return errors.lines;
    }

    /** Collects the checker's errors; its other output is progress. */
    private static final class Errors implements Logger {
        private final @NotNull List<String> lines = new ArrayList<>();

        @Override
        public void info(final String message) {
        }

        @Override
        public void info(final String message, final Throwable t) {
        }

        @Override
        public void debug(final String message) {
        }

        @Override
        public void debug(final String message, final Throwable t) {
        }

        @Override
        public void warn(final String message) {
        }

        @Override
        public void warn(final String message, final Throwable t) {
        }

        @Override
        public void error(final String message) {
            lines.add(message);
        }

        @Override
        public void error(final String message, final Throwable t) {
            lines.add(message + ": " + t);
        }
    }
}
