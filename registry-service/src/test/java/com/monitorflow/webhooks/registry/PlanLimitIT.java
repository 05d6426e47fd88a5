package com.monitorflow.webhooks.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class PlanLimitIT extends IntegrationTestSupport {

    @Test
    void freePlanRefusesASecondWebhookSayingHowToLiftTheLimit() {
        TestAccount account = newAccount("FREE");
        newWebhook(account, "only", "https://example.com/only");

        Answer refused = call("POST", "/v1/webhooks", account.apiKey(), Map.of("name", "second",
                "url", "https://example.com/second", "eventCategories", List.of("sale")));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("plan").asString()).isEqualTo("FREE");
        assertThat(refused.json().get("limit").asInt()).isEqualTo(1);
        assertThat(refused.json().get("detail").asString()).contains("FREE plan allows 1 webhook").contains("PRO");
    }

    @Test
    void upgradeToProLiftsTheLimit() {
        TestAccount account = newAccount("FREE");
        newWebhook(account, "first", "https://example.com/1");

        call("PATCH", "/v1/accounts/" + account.id(), ADMIN_KEY, Map.of("plan", "PRO"));

        newWebhook(account, "second", "https://example.com/2");
        newWebhook(account, "third", "https://example.com/3");
        assertThat(call("GET", "/v1/webhooks", account.apiKey(), null).json().get("data").size()).isEqualTo(3);
    }

    @Test
    void twentyParallelCreatesOnAFreeAccountMakeExactlyOne() throws Exception {
        TestAccount account = newAccount("FREE");
        List<Callable<Integer>> creates = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            creates.add(() -> call("POST", "/v1/webhooks", account.apiKey(), Map.of("name", "racer " + n,
                    "url", "https://example.com/" + n, "eventCategories", List.of("sale"))).status());
        }

        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (Future<Integer> status : pool.invokeAll(creates)) {
                statuses.add(status.get());
            }
        }

        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 403).hasSize(19);
        assertThat(call("GET", "/v1/webhooks", account.apiKey(), null).json().get("data").size()).isEqualTo(1);
    }
}
