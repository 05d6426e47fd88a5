package com.monitorflow.webhooks.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextFieldRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\tb", "a\nb", "a\rb", "a\u001fb", "a\u007fb", "\u0001"})
    void namesRefuseEveryControlCharacter(String name) {
        assertThat(TextFieldRules.nameProblem(name)).hasValue("must not contain control characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\u000bb", "a\u001bb", "a\u007fb"})
    void descriptionsRefuseControlCharactersOtherThanTabAndLineBreaks(String description) {
        assertThat(TextFieldRules.descriptionProblem(description))
                .hasValue("must not contain control characters other than tab and line breaks");
    }

    @Test
    void descriptionsKeepTabsAndLineBreaks() {
        assertThat(TextFieldRules.descriptionProblem("first line\r\n\tsecond line\nthird")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\ud800", "a\udc00", "\ud83d", "x\ud83dy", "\ude00\ud83d"})
    void loneSurrogatesAreRefusedInBothFields(String text) {
        assertThat(TextFieldRules.nameProblem(text)).hasValue("must not contain a lone UTF-16 surrogate");
        assertThat(TextFieldRules.descriptionProblem(text)).hasValue("must not contain a lone UTF-16 surrogate");
        assertThat(TextFieldRules.hasLoneSurrogate(text)).isTrue();
    }

    @Test
    void ordinaryTextPasses() {
        String text = "Orders \ud83d\ude00 caf\u00e9 \u00a0\u0085 \u65e5\u672c";

        assertThat(TextFieldRules.nameProblem(text)).isEmpty();
        assertThat(TextFieldRules.descriptionProblem(text)).isEmpty();
        assertThat(TextFieldRules.hasLoneSurrogate(text)).isFalse();
    }
}
