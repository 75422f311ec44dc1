package io.missive.sample.session;

import org.jetbrains.annotations.NotNull;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the device keeps its login between app starts. The app keeps it in its private
 * preferences; a production app would encrypt it with a key from the Android Keystore.
 */
public interface TokenStore {

    @NotNull Optional<SavedLogin> load();

    void save(@NotNull SavedLogin login);

    void clear();

    /** A store that forgets everything when the process ends. */
    static @NotNull TokenStore inMemory() {
        final AtomicReference<SavedLogin> saved = new AtomicReference<>();
        return new TokenStore() {
            @Override
            public @NotNull Optional<SavedLogin> load() {
                return Optional.ofNullable(saved.get());
            }

            @Override
            public void save(final @NotNull SavedLogin login) {
                saved.set(login);
            }

            @Override
            public void clear() {
                saved.set(null);
            }
        };
    }
}
