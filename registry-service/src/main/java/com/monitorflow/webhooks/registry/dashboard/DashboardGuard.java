package com.monitorflow.webhooks.registry.dashboard;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Runs before every dashboard page: sets the headers that keep pages (and the secrets on them) out
 * of caches and frames, refuses a POST without the session's form token, and sends a browser that
 * is not signed in to the sign-in page.
 */
final class DashboardGuard implements HandlerInterceptor {

    static final String FORM_TOKEN_PARAMETER = "_csrf";

    private static final Logger log = LoggerFactory.getLogger(DashboardGuard.class);
    private static final Set<String> OPEN_PATHS = Set.of("/dashboard/sign-in");

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        protect(response);

        if ("POST".equals(request.getMethod())
                && !DashboardSession.formTokenMatches(request, request.getParameter(FORM_TOKEN_PARAMETER))) {
            log.warn("Refused a dashboard form without a valid form token on {}", request.getRequestURI());
            response.sendError(HttpServletResponse.SC_FORBIDDEN,
                    "The form has expired or did not come from this dashboard; reload the page and try again");
            return false;
        }

        if (!OPEN_PATHS.contains(request.getRequestURI()) && DashboardSession.apiKey(request) == null) {
            response.sendRedirect("/dashboard/sign-in");
            return false;
        }
        return true;
    }

    private static void protect(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'self'; script-src 'self'; "
                + "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    }
}
