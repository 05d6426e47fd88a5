package com.monitorflow.webhooks.registry;

import java.time.Clock;

import com.monitorflow.webhooks.model.SecretCipher;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The collaborators every feature of the registry shares. */
@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SecretCipher secretCipher(SecretsProperties properties) {
        try {
            return new SecretCipher(properties.requiredEncryptionKey());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("monitorflow.secrets.encryption-key is unusable: " + e.getMessage(), e);
        }
    }
}
