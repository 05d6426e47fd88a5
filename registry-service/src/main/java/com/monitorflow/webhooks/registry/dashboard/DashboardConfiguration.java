package com.monitorflow.webhooks.registry.dashboard;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Wires the dashboard: its guard on every page, and the session cookie settings of
 * {@code dashboard/session.properties} (HTTP-only, SameSite=Lax, cookie-only tracking so a session
 * id never appears in a URL). The servlet container marks the cookie Secure whenever the request came
 * over HTTPS; behind a TLS-terminating proxy set {@code server.forward-headers-strategy=native} or
 * {@code server.servlet.session.cookie.secure=true}. Application properties override these defaults.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:dashboard/session.properties")
class DashboardConfiguration implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new DashboardGuard())
                .addPathPatterns("/dashboard", "/dashboard/**")
                .excludePathPatterns("/dashboard/assets/**");
    }
}
