package com.monitorflow.webhooks.registry;

import com.monitorflow.webhooks.model.SecretCipher;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;

/**
 * Stops the start before anything connects anywhere when the admin key or the encryption key is
 * missing or unusable, so that the message about it is the first and only error an operator sees.
 */
final class RequiredSecretsCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        // Binding runs the properties' own checks; their failure is reported with the variable to set.
        Binder binder = Binder.get(event.getEnvironment());
        binder.bindOrCreate("monitorflow.registry", RegistryProperties.class);
        SecretsProperties secrets = binder.bindOrCreate("monitorflow.secrets", SecretsProperties.class);
        try {
            new SecretCipher(secrets.requiredEncryptionKey());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("monitorflow.secrets.encryption-key is unusable: " + e.getMessage()
                    + "; generate one with 'openssl rand -base64 32'", e);
        }
    }
}
