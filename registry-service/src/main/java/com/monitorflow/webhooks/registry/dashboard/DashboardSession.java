package com.monitorflow.webhooks.registry.dashboard;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;

/**
 * What the dashboard keeps in the server-side session: the account API key (never sent back to the
 * browser), the form token that every POST must carry, and one-time notices such as a new secret,
 * which are removed as soon as a page shows them.
 */
final class DashboardSession {

    private static final String API_KEY = "monitorflow.dashboard.apiKey";
    private static final String FORM_TOKEN = "monitorflow.dashboard.formToken";
    private static final String SECRET = "monitorflow.dashboard.secret";
    private static final String NOTICE = "monitorflow.dashboard.notice";
    private static final SecureRandom RANDOM = new SecureRandom();

    private DashboardSession() {
    }

    static @Nullable String apiKey(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (String) session.getAttribute(API_KEY);
    }

    /**
     * Signs in: a fresh session id (so an id planted before sign-in is worthless), a fresh form token
     * and the key.
     */
    static void signIn(HttpServletRequest request, String apiKey) {
        request.getSession(true);
        request.changeSessionId();
        HttpSession session = request.getSession();
        session.setAttribute(API_KEY, apiKey);
        session.setAttribute(FORM_TOKEN, newToken());
    }

    static void signOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    /** The session's form token, creating the session and the token when needed. */
    static String formToken(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        String token = (String) session.getAttribute(FORM_TOKEN);
        if (token == null) {
            token = newToken();
            session.setAttribute(FORM_TOKEN, token);
        }
        return token;
    }

    /** Whether {@code presented} is this session's form token, compared in constant time. */
    static boolean formTokenMatches(HttpServletRequest request, @Nullable String presented) {
        HttpSession session = request.getSession(false);
        String expected = session == null ? null : (String) session.getAttribute(FORM_TOKEN);
        return expected != null && presented != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Keeps a webhook's new secret until the next page of that webhook shows it, once. */
    static void holdSecret(HttpServletRequest request, String webhookId, String secret) {
        request.getSession().setAttribute(SECRET, new HeldSecret(webhookId, secret));
    }

    /** The held secret of {@code webhookId}, removed from the session by this call. */
    static @Nullable String takeSecret(HttpServletRequest request, String webhookId) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(SECRET) instanceof HeldSecret held)
                || !held.webhookId().equals(webhookId)) {
            return null;
        }
        session.removeAttribute(SECRET);
        return held.secret();
    }

    /** A one-line confirmation for the next page, such as "Webhook deleted". */
    static void notice(HttpServletRequest request, String text) {
        request.getSession().setAttribute(NOTICE, text);
    }

    static @Nullable String takeNotice(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return null;
        }
        String notice = (String) session.getAttribute(NOTICE);
        session.removeAttribute(NOTICE);
        return notice;
    }

    private static String newToken() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private record HeldSecret(String webhookId, String secret) implements java.io.Serializable {
    }
}
