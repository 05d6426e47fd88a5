package com.monitorflow.webhooks.registry.api;

import java.io.IOException;
import java.util.Optional;

import com.monitorflow.webhooks.registry.RegistryProperties;
import com.monitorflow.webhooks.registry.account.AccountRepository;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every {@code /v1} request by its bearer key: the admin key for
 * {@code /v1/accounts} and {@code /v1/admin}, an account's API key for everything else. The authenticated account id
 * is left in the request attribute {@link #ACCOUNT_ID} and in the MDC as {@code accountId}.
 *
 * <p>A missing or unknown key is a 401. A known key on an endpoint it has no right to, an account's
 * key on an admin endpoint or the admin key on an account's endpoint, is a 403: sending the same
 * key again cannot help, so the client should not be told to authenticate.
 */
@Component
public final class ApiKeyFilter extends OncePerRequestFilter {

    /** Request attribute holding the id of the account whose key authenticated the request. */
    public static final String ACCOUNT_ID = "monitorflow.accountId";

    private static final String BEARER = "Bearer ";

    private final AccountRepository accounts;
    private final String adminKey;

    public ApiKeyFilter(AccountRepository accounts, RegistryProperties properties) {
        this.accounts = accounts;
        this.adminKey = properties.requiredAdminKey();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = bearerKey(request);
        if (key == null) {
            refuse(request, response, "Send an API key as 'Authorization: Bearer <key>'");
            return;
        }
        boolean admin = ApiKeys.matches(key, adminKey);
        if (isAdminPath(request.getRequestURI())) {
            if (admin) {
                chain.doFilter(request, response);
            } else if (accounts.findIdByApiKeyHash(ApiKeys.hash(key)).isPresent()) {
                forbid(request, response, "This endpoint takes the admin key, not an account's API key");
            } else {
                refuse(request, response, "The key is not the admin key");
            }
            return;
        }
        if (admin) {
            forbid(request, response, "This endpoint takes an account's API key, not the admin key");
            return;
        }
        Optional<String> accountId = accounts.findIdByApiKeyHash(ApiKeys.hash(key));
        if (accountId.isEmpty()) {
            refuse(request, response, "The API key is not valid");
            return;
        }
        request.setAttribute(ACCOUNT_ID, accountId.get());
        try (var ignored = MDC.putCloseable("accountId", accountId.get())) {
            chain.doFilter(request, response);
        }
    }

    private static boolean isAdminPath(String path) {
        return path.equals("/v1/accounts") || path.startsWith("/v1/accounts/") || path.startsWith("/v1/admin/");
    }

    private static @Nullable String bearerKey(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String key = header.substring(BEARER.length()).strip();
        return key.isEmpty() ? null : key;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail);
        problem.setTitle("Unauthorized");
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        ProblemResponses.write(request, response, problem);
    }

    private static void forbid(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail);
        problem.setTitle("Forbidden");
        ProblemResponses.write(request, response, problem);
    }
}
