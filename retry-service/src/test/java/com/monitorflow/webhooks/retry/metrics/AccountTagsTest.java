package com.monitorflow.webhooks.retry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccountTagsTest {

    @Test
    void accountsBeyondTheLimitShareOneTag() {
        AccountTags tags = new AccountTags(2);

        assertThat(tags.tagFor("acc_1")).isEqualTo("acc_1");
        assertThat(tags.tagFor("acc_2")).isEqualTo("acc_2");
        assertThat(tags.tagFor("acc_3")).isEqualTo(AccountTags.OTHER);
        assertThat(tags.tagFor("acc_1")).isEqualTo("acc_1");
        assertThat(tags.tagFor(null)).isEqualTo(AccountTags.UNKNOWN);
    }
}
