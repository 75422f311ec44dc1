package io.missive.sample.app;

import android.content.SharedPreferences;
import io.missive.sample.session.SavedLogin;
import io.missive.sample.session.TokenStore;
import org.jetbrains.annotations.NotNull;

import java.util.Optional;

/**
 * The login kept in the app's private preferences. A production app would encrypt the token with a
 * key from the Android Keystore.
 */
final class PreferencesTokenStore implements TokenStore {

    private static final String USER = "login.user";
    private static final String TOKEN = "login.token";

    private final @NotNull SharedPreferences preferences;

    PreferencesTokenStore(final @NotNull SharedPreferences preferences) {
        this.preferences = preferences;
    }

    @Override
    public @NotNull Optional<SavedLogin> load() {
        final String user = preferences.getString(USER, null);
        final String token = preferences.getString(TOKEN, null);
        return user == null || token == null ? Optional.empty() : Optional.of(new SavedLogin(user, token));
    }

    @Override
    public void save(final @NotNull SavedLogin login) {
        preferences.edit().putString(USER, login.userId()).putString(TOKEN, login.deviceToken()).apply();
    }

    @Override
    public void clear() {
        preferences.edit().remove(USER).remove(TOKEN).apply();
    }
}
