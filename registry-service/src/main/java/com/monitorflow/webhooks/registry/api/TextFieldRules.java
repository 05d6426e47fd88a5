package com.monitorflow.webhooks.registry.api;

import java.util.Optional;

/**
 * The characters the API accepts in the free text it stores: names and descriptions. PostgreSQL
 * cannot store U+0000 and a lone UTF-16 surrogate has no UTF-8 form (it would be stored as
 * {@code ?}), so both are refused with a reason instead of failing in the database. Other control
 * characters are refused too: a name is shown on one line, and a description may only break lines.
 */
public final class TextFieldRules {

    private static final String LONE_SURROGATE = "must not contain a lone UTF-16 surrogate";

    private TextFieldRules() {
    }

    /** Why {@code name} cannot be stored as a name, or empty when it can. */
    public static Optional<String> nameProblem(String name) {
        return problem(name, false);
    }

    /** Why {@code description} cannot be stored; unlike a name it may hold tabs and line breaks. */
    public static Optional<String> descriptionProblem(String description) {
        return problem(description, true);
    }

    /** Whether {@code text} holds a surrogate that is not half of a pair, which no UTF-8 can carry. */
    public static boolean hasLoneSurrogate(String text) {
        // codePoints() joins a pair into one supplementary code point, so what is left in this range is alone.
        return text.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
    }

    private static Optional<String> problem(String text, boolean multiline) {
        if (hasLoneSurrogate(text)) {
            return Optional.of(LONE_SURROGATE);
        }
        if (text.chars().anyMatch(c -> isControl(c) && !(multiline && isTabOrLineBreak(c)))) {
            return Optional.of(multiline
                    ? "must not contain control characters other than tab and line breaks"
                    : "must not contain control characters");
        }
        return Optional.empty();
    }

    /** The C0 controls and DEL. */
    private static boolean isControl(int c) {
        return c < 0x20 || c == 0x7F;
    }

    private static boolean isTabOrLineBreak(int c) {
        return c == '\t' || c == '\n' || c == '\r';
    }
}
