package com.monitorflow.webhooks.registry;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the registry itself, bound from {@code monitorflow.registry.*}.
 *
 * @param adminKey the bearer key of administrators, who create accounts and change plans; set it
 *     through the environment ({@code MONITORFLOW_REGISTRY_ADMIN_KEY}); there is no default, and the
 *     service refuses to start without one
 */
@ConfigurationProperties("monitorflow.registry")
public record RegistryProperties(@Nullable String adminKey) {

    /** The smallest admin key accepted, so that a placeholder such as "changeme" cannot slip through. */
    public static final int MIN_ADMIN_KEY_LENGTH = 16;

    public RegistryProperties {
        if (adminKey == null || adminKey.isBlank()) {
            throw new IllegalStateException("monitorflow.registry.admin-key is not set: give the admin API key "
                    + "through the environment variable MONITORFLOW_REGISTRY_ADMIN_KEY");
        }
        if (adminKey.strip().length() < MIN_ADMIN_KEY_LENGTH) {
            throw new IllegalStateException("monitorflow.registry.admin-key is too short: use at least "
                    + MIN_ADMIN_KEY_LENGTH + " random characters");
        }
        adminKey = adminKey.strip();
    }

    /** The admin key, never null once bound. */
    public String requiredAdminKey() {
        return java.util.Objects.requireNonNull(adminKey);
    }
}
