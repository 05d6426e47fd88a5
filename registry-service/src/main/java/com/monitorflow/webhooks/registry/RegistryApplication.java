package com.monitorflow.webhooks.registry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
@ConfigurationPropertiesScan({"com.monitorflow.webhooks.registry", "com.monitorflow.webhooks.model"})
public class RegistryApplication {

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        SpringApplication application = new SpringApplication(RegistryApplication.class);
        application.addListeners(new RequiredSecretsCheck());
        application.run(args);
    }
}
