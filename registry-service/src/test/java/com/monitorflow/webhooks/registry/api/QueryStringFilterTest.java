package com.monitorflow.webhooks.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryStringFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "limit=20", "cursor=whk_01&limit=%32", "q=caf%C3%A9", "q=%F0%9F%98%80", "a=%7e+b",
        "q=\u00e9"})
    void acceptsWellFormedQueries(String query) {
        assertThat(QueryStringFilter.isWellFormed(query)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=%ZZ", "limit=%", "limit=2%", "limit=%4", "q=%G1", "q=%FF", "q=%C3",
        "q=%C3%28", "q=%ED%A0%80", "q=%C0%AF", "q=%\u0663\u0663"})
    void refusesBrokenEscapesAndEscapesThatAreNotUtf8(String query) {
        assertThat(QueryStringFilter.isWellFormed(query)).isFalse();
    }
}
