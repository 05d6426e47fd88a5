package com.monitorflow.webhooks.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class AccountApiIT extends IntegrationTestSupport {

    @Test
    void adminCreatesAccountAndSeesItsKeyOnlyOnce() {
        Answer created = call("POST", "/v1/accounts", ADMIN_KEY, Map.of("name", "Acme"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("id").asString()).startsWith("acc_");
        assertThat(created.raw().headers().firstValue("Location"))
                .hasValue("/v1/accounts/" + created.json().get("id").asString());
        assertThat(created.json().get("plan").asString()).isEqualTo("FREE");
        assertThat(created.json().get("apiKey").asString()).startsWith("mfk_").hasSizeGreaterThan(40);

        Answer fetched = call("GET", "/v1/accounts/" + created.json().get("id").asString(), ADMIN_KEY, null);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json().has("apiKey")).isFalse();
        assertThat(fetched.json().get("name").asString()).isEqualTo("Acme");
        assertThat(fetched.json().get("webhookCount").asInt()).isZero();
    }

    @Test
    void adminChangesPlanAndName() {
        TestAccount account = newAccount("FREE");

        Answer updated = call("PATCH", "/v1/accounts/" + account.id(), ADMIN_KEY, Map.of("plan", "PRO", "name", "Renamed"));

        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("plan").asString()).isEqualTo("PRO");
        assertThat(updated.json().get("name").asString()).isEqualTo("Renamed");
        assertThat(call("GET", "/v1/accounts/" + account.id(), ADMIN_KEY, null).json().get("plan").asString())
                .isEqualTo("PRO");
    }

    @Test
    void accountEndpointsRefuseMissingAndWrongKeys() {
        TestAccount account = newAccount("FREE");

        Answer missing = call("POST", "/v1/accounts", null, Map.of("name", "x"));
        Answer wrong = call("GET", "/v1/accounts/" + account.id(), "not-the-admin-key", null);

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("detail").asString()).isEqualTo("The key is not the admin key");
    }

    @Test
    void anAccountKeyOnAccountEndpointsIsForbiddenNotUnauthenticated() {
        TestAccount account = newAccount("FREE");

        Answer read = call("GET", "/v1/accounts/" + account.id(), account.apiKey(), null);
        Answer create = call("POST", "/v1/accounts", account.apiKey(), Map.of("name", "x"));

        assertThat(read.status()).isEqualTo(403);
        assertThat(read.contentType()).startsWith("application/problem+json");
        assertThat(read.json().get("title").asString()).isEqualTo("Forbidden");
        assertThat(read.json().get("detail").asString())
                .isEqualTo("This endpoint takes the admin key, not an account's API key");
        assertThat(read.raw().headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(create.status()).isEqualTo(403);
    }

    @Test
    void aPatchThatChangesNothingKeepsUpdatedAt() {
        TestAccount account = newAccount("FREE");
        Answer before = call("GET", "/v1/accounts/" + account.id(), ADMIN_KEY, null);

        Answer empty = call("PATCH", "/v1/accounts/" + account.id(), ADMIN_KEY, Map.of());
        Answer same = call("PATCH", "/v1/accounts/" + account.id(), ADMIN_KEY,
                Map.of("name", "Test account", "plan", "FREE"));

        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json()).isEqualTo(before.json());
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json()).isEqualTo(before.json());
        assertThat(call("GET", "/v1/accounts/" + account.id(), ADMIN_KEY, null).json()).isEqualTo(before.json());
    }

    @Test
    void unknownAccountIsNotFound() {
        Answer answer = call("GET", "/v1/accounts/acc_00000000000000000000000000", ADMIN_KEY, null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(call("PATCH", "/v1/accounts/acc_00000000000000000000000000", ADMIN_KEY, Map.of("plan", "PRO"))
                .status()).isEqualTo(404);
    }

    @Test
    void invalidAccountRequestsNameTheField() {
        Answer noName = call("POST", "/v1/accounts", ADMIN_KEY, Map.of());
        Answer badPlan = call("POST", "/v1/accounts", ADMIN_KEY, Map.of("name", "x", "plan", "GOLD"));
        Answer unknown = call("POST", "/v1/accounts", ADMIN_KEY, Map.of("name", "x", "tier", "PRO"));
        Answer wrongType = call("POST", "/v1/accounts", ADMIN_KEY, Map.of("name", 42));

        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(badPlan.status()).isEqualTo(400);
        assertThat(badPlan.json().get("errors").get(0).get("field").asString()).isEqualTo("plan");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("tier");
        assertThat(unknown.json().get("detail").asString()).contains("tier").contains("not a known field");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
    }

    @Test
    void namesWithControlCharactersOrLoneSurrogatesAreRefused() {
        TestAccount account = newAccount("FREE");

        Answer nul = call("POST", "/v1/accounts", ADMIN_KEY, "{\"name\":\"a\\u0000b\"}");
        Answer surrogate = call("POST", "/v1/accounts", ADMIN_KEY, "{\"name\":\"a\\ud800\"}");
        Answer renamed = call("PATCH", "/v1/accounts/" + account.id(), ADMIN_KEY, "{\"name\":\"a\\u001bb\"}");

        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.json().get("detail").asString()).isEqualTo("name: must not contain control characters");
        assertThat(surrogate.status()).isEqualTo(400);
        assertThat(surrogate.json().get("detail").asString())
                .isEqualTo("name: must not contain a lone UTF-16 surrogate");
        assertThat(renamed.status()).isEqualTo(400);
        assertThat(renamed.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(call("GET", "/v1/accounts/" + account.id(), ADMIN_KEY, null).json().get("name").asString())
                .isEqualTo("Test account");
    }

    @Test
    void downgradeWithTooManyWebhooksIsRefusedWithTheCountToRemove() {
        TestAccount account = newAccount("PRO");
        newWebhook(account, "one", "https://example.com/1");
        newWebhook(account, "two", "https://example.com/2");
        newWebhook(account, "three", "https://example.com/3");

        Answer refused = call("PATCH", "/v1/accounts/" + account.id(), ADMIN_KEY, Map.of("plan", "FREE"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("toRemove").asInt()).isEqualTo(2);
        assertThat(refused.json().get("limit").asInt()).isEqualTo(1);
        assertThat(refused.json().get("detail").asString()).contains("Delete 2 webhooks");
        assertThat(call("GET", "/v1/accounts/" + account.id(), ADMIN_KEY, null).json().get("plan").asString())
                .isEqualTo("PRO");
        assertThat(call("GET", "/v1/webhooks", account.apiKey(), null).json().get("data").size()).isEqualTo(3);
    }
}
