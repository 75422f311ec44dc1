package io.missive.broker.links;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import io.missive.broker.config.LinkSettings;
import io.missive.broker.store.Periodic;
import org.jetbrains.annotations.NotNull;

/**
 * The link policy of message texts: the deny list (re-read on the extension's timer) and the link
 * checker, by default the HTTP one when {@code links.checker-url} is set. Another module replaces
 * it with {@code OptionalBinder.newOptionalBinder(binder, LinkChecker.class).setBinding()}.
 */
public final class LinksModule extends AbstractModule {

    private final @NotNull LinkSettings settings;

    public LinksModule(final @NotNull LinkSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(LinkPolicy.class);
        bind(DenyListFile.class);
        Multibinder.newSetBinder(binder(), Periodic.class).addBinding().to(DenyListFile.class);
        final OptionalBinder<LinkChecker> checker = OptionalBinder.newOptionalBinder(binder(), LinkChecker.class);
        if (settings.checkerUrl() != null) {
            checker.setDefault().to(HttpLinkChecker.class);
        }
    }
}
