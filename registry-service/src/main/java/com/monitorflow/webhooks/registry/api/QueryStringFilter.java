package com.monitorflow.webhooks.registry.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose query string is not valid percent-encoding with a 400 problem. The
 * servlet container only notices when a parameter is first read, deep inside the request, and
 * then fails it as an error on the server's side.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
final class QueryStringFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null && !isWellFormed(query)) {
            var refusal = InvalidRequestException.of("query", "is not valid percent-encoding");
            ProblemResponses.write(request, response, refusal.toProblem());
            return;
        }
        chain.doFilter(request, response);
    }

    /** Whether every {@code %} starts two hex digits and every run of escapes spells UTF-8. */
    static boolean isWellFormed(String query) {
        int i = 0;
        while (i < query.length()) {
            if (query.charAt(i) != '%') {
                i++;
                continue;
            }
            int end = i;
            while (end < query.length() && query.charAt(end) == '%') {
                end += 3;
            }
            if (end > query.length() || !isUtf8Escapes(query.substring(i, end))) {
                return false;
            }
            i = end;
        }
        return true;
    }

    /** Whether {@code escapes}, a run of {@code %XX}, holds hex digits that decode as UTF-8. */
    private static boolean isUtf8Escapes(String escapes) {
        byte[] bytes = new byte[escapes.length() / 3];
        for (int b = 0; b < bytes.length; b++) {
            char high = escapes.charAt(3 * b + 1);
            char low = escapes.charAt(3 * b + 2);
            if (!HexFormat.isHexDigit(high) || !HexFormat.isHexDigit(low)) {
                return false;
            }
            bytes[b] = (byte) (HexFormat.fromHexDigit(high) << 4 | HexFormat.fromHexDigit(low));
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
