package com.monitorflow.webhooks.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.monitorflow.webhooks.model.SecretCipher;
import com.monitorflow.webhooks.model.TopicNames;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

class WebhookApiIT extends IntegrationTestSupport {

    @Autowired
    DataSource dataSource;

    @Autowired
    TopicNames topics;

    @Test
    void createAnswersTheDocumentedObjectWithItsSecretOnce() {
        TestAccount account = newAccount("PRO");

        Answer created = call("POST", "/v1/webhooks", account.apiKey(), Map.of("name", " Orders ",
                "url", "https://Hooks.Example.com./orders", "description", "Sales feed",
                "eventCategories", List.of("sale", "question", "sale")));

        assertThat(created.status()).isEqualTo(201);
        JsonNode w = created.json();
        assertThat(created.raw().headers().firstValue("Location")).hasValue("/v1/webhooks/" + w.get("id").asString());
        assertThat(fieldNames(w)).containsExactly("id", "name", "url", "description", "eventCategories", "secret",
                "status", "createdAt", "updatedAt");
        assertThat(w.get("id").asString()).startsWith("whk_");
        assertThat(w.get("name").asString()).isEqualTo("Orders");
        assertThat(w.get("url").asString()).isEqualTo("https://hooks.example.com/orders");
        assertThat(w.get("eventCategories").toString()).isEqualTo("[\"sale\",\"question\"]");
        assertThat(w.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(w.get("secret").asString()).matches("whsec_[A-Za-z0-9_-]{43}");

        Answer fetched = call("GET", "/v1/webhooks/" + w.get("id").asString(), account.apiKey(), null);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fieldNames(fetched.json())).containsExactly("id", "name", "url", "description", "eventCategories",
                "status", "createdAt", "updatedAt");
        assertThat(fetched.json().get("createdAt").asString()).isEqualTo(w.get("createdAt").asString());
    }

    @Test
    void listsWebhooksPageByPage() {
        TestAccount account = newAccount("PRO");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(newWebhook(account, "hook " + i, "https://example.com/" + i).get("id").asString());
        }

        Answer first = call("GET", "/v1/webhooks?limit=2", account.apiKey(), null);
        Answer second = call("GET", "/v1/webhooks?limit=2&cursor=" + first.json().get("nextCursor").asString(),
                account.apiKey(), null);
        Answer last = call("GET", "/v1/webhooks?limit=2&cursor=" + second.json().get("nextCursor").asString(),
                account.apiKey(), null);

        List<String> seen = new ArrayList<>();
        for (Answer page : List.of(first, second, last)) {
            page.json().get("data").forEach(w -> seen.add(w.get("id").asString()));
            page.json().get("data").forEach(w -> assertThat(w.has("secret")).isFalse());
        }
        assertThat(seen).containsExactlyElementsOf(ids);
        assertThat(last.json().get("nextCursor").isNull()).isTrue();
        assertThat(call("GET", "/v1/webhooks?limit=0", account.apiKey(), null).status()).isEqualTo(400);
    }

    @Test
    void aCursorTheListDidNotReturnIsRefused() {
        TestAccount account = newAccount("PRO");
        newWebhook(account, "listed", "https://example.com/listed");

        Answer garbage = call("GET", "/v1/webhooks?cursor=garbage", account.apiKey(), null);
        Answer tooShort = call("GET", "/v1/webhooks?cursor=zzz", account.apiKey(), null);
        Answer gone = call("GET", "/v1/webhooks?cursor=whk_00000000000000000000000000", account.apiKey(), null);

        assertThat(fieldsOf(garbage)).containsExactly("cursor");
        assertThat(garbage.json().get("detail").asString()).isEqualTo("cursor: is not a cursor this endpoint returned");
        assertThat(fieldsOf(tooShort)).containsExactly("cursor");
        assertThat(gone.status()).isEqualTo(200);
        assertThat(gone.json().get("data").size()).isEqualTo(1);
    }

    @Test
    void aQueryStringThatIsNotPercentEncodingIsRefused() {
        TestAccount account = newAccount("PRO");

        for (String query : List.of("limit=%ZZ", "cursor=%FF", "limit=2%")) {
            String refused = rawGet("/v1/webhooks?" + query, account.apiKey());

            assertThat(refused).as(query).startsWith("HTTP/1.1 400").contains("application/problem+json")
                    .contains("\"detail\":\"query: is not valid percent-encoding\"");
        }
        assertThat(rawGet("/v1/webhooks?limit=%32", account.apiKey())).startsWith("HTTP/1.1 200");
    }

    @Test
    void patchChangesOnlyTheGivenFields() {
        TestAccount account = newAccount("FREE");
        JsonNode created = newWebhook(account, "before", "https://example.com/a");
        String id = created.get("id").asString();

        Answer patched = call("PATCH", "/v1/webhooks/" + id, account.apiKey(), Map.of("name", "after",
                "url", "https://example.org/b", "description", "now described", "eventCategories", List.of("sqs"),
                "status", "INACTIVE"));
        Answer cleared = call("PATCH", "/v1/webhooks/" + id, account.apiKey(), Map.of("description", ""));

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("name").asString()).isEqualTo("after");
        assertThat(patched.json().get("url").asString()).isEqualTo("https://example.org/b");
        assertThat(patched.json().get("eventCategories").toString()).isEqualTo("[\"sqs\"]");
        assertThat(patched.json().get("status").asString()).isEqualTo("INACTIVE");
        assertThat(patched.json().has("secret")).isFalse();
        assertThat(cleared.json().get("description").isNull()).isTrue();
        assertThat(cleared.json().get("name").asString()).isEqualTo("after");
        assertThat(cleared.json().get("createdAt").asString()).isEqualTo(created.get("createdAt").asString());
    }

    @Test
    void patchWithANullDescriptionClearsIt() {
        TestAccount account = newAccount("FREE");
        String id = newWebhook(account, "described", "https://example.com/a").get("id").asString();
        call("PATCH", "/v1/webhooks/" + id, account.apiKey(), Map.of("description", "to be cleared"));

        Answer cleared = call("PATCH", "/v1/webhooks/" + id, account.apiKey(), "{\"description\":null}");

        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.json().get("description").isNull()).isTrue();
        assertThat(call("GET", "/v1/webhooks/" + id, account.apiKey(), null).json().get("description").isNull())
                .isTrue();
    }

    @Test
    void patchWithNullOnARequiredFieldIsRefusedNamingTheField() {
        TestAccount account = newAccount("FREE");
        String id = newWebhook(account, "kept", "https://example.com/a").get("id").asString();
        JsonNode before = call("GET", "/v1/webhooks/" + id, account.apiKey(), null).json();

        Answer name = call("PATCH", "/v1/webhooks/" + id, account.apiKey(), "{\"name\":null}");
        Answer others = call("PATCH", "/v1/webhooks/" + id, account.apiKey(),
                "{\"url\":null,\"status\":null,\"eventCategories\":null}");

        assertThat(name.status()).isEqualTo(400);
        assertThat(name.json().get("detail").asString()).isEqualTo("name: must not be null");
        assertThat(fieldsOf(others)).containsExactly("url", "status", "eventCategories");
        assertThat(call("GET", "/v1/webhooks/" + id, account.apiKey(), null).json()).isEqualTo(before);
    }

    @Test
    void aPatchThatChangesNothingKeepsUpdatedAtAndPublishesNothing() {
        TestAccount account = newAccount("FREE");
        String id = newWebhook(account, "same", "https://example.com/a").get("id").asString();
        JsonNode before = call("GET", "/v1/webhooks/" + id, account.apiKey(), null).json();

        Answer empty = call("PATCH", "/v1/webhooks/" + id, account.apiKey(), Map.of());
        Answer same = call("PATCH", "/v1/webhooks/" + id, account.apiKey(), Map.of("name", " same ",
                "url", "https://example.com/a", "eventCategories", List.of("sqs", "sale"), "status", "ACTIVE"));
        call("PATCH", "/v1/webhooks/" + id, account.apiKey(), Map.of("status", "INACTIVE"));

        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json()).isEqualTo(before);
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json()).isEqualTo(before);
        // Had a no-op been published, it would be the second version on the changelog, not the real change.
        var versions = readTopic(topics.webhooksChangelog(), r -> r.key().equals(id), 2);
        assertThat(versions).hasSize(2);
        assertThat(new String(versions.get(1).value(), StandardCharsets.UTF_8)).contains("\"INACTIVE\"");
    }

    @Test
    void deleteRemovesTheWebhook() {
        TestAccount account = newAccount("FREE");
        String id = newWebhook(account, "doomed", "https://example.com/x").get("id").asString();

        Answer deleted = call("DELETE", "/v1/webhooks/" + id, account.apiKey(), null);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(call("GET", "/v1/webhooks/" + id, account.apiKey(), null).status()).isEqualTo(404);
        assertThat(call("DELETE", "/v1/webhooks/" + id, account.apiKey(), null).status()).isEqualTo(404);
    }

    @Test
    void rotateReturnsANewSecretOnceAndSealsIt() {
        TestAccount account = newAccount("FREE");
        JsonNode created = newWebhook(account, "rotating", "https://example.com/r");
        String id = created.get("id").asString();

        Answer rotated = call("POST", "/v1/webhooks/" + id + "/secret/rotate", account.apiKey(), null);

        assertThat(rotated.status()).isEqualTo(200);
        String secret = rotated.json().get("secret").asString();
        assertThat(secret).startsWith("whsec_").isNotEqualTo(created.get("secret").asString());
        String sealed = new JdbcTemplate(dataSource).queryForObject(
                "SELECT encrypted_secret FROM webhook WHERE id = ?", String.class, id);
        assertThat(new SecretCipher(ENCRYPTION_KEY).open(sealed)).isEqualTo(secret);
        assertThat(call("GET", "/v1/webhooks/" + id, account.apiKey(), null).json().has("secret")).isFalse();
    }

    @Test
    void rawSecretIsInNoDatabaseColumn() {
        TestAccount account = newAccount("FREE");
        JsonNode created = newWebhook(account, "secretive", "https://example.com/s");
        String secret = created.get("secret").asString();
        String secretBody = secret.substring("whsec_".length());

        var jdbc = new JdbcTemplate(dataSource);
        List<Map<String, Object>> columns = jdbc.queryForList("""
                SELECT c.table_name, c.column_name FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
                WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'""");
        int checked = 0;
        for (Map<String, Object> column : columns) {
            String sql = "SELECT count(*) FROM \"" + column.get("table_name") + "\" WHERE \"" + column.get("column_name")
                    + "\"::text LIKE ?";
            Integer hits = jdbc.queryForObject(sql, Integer.class, "%" + secretBody + "%");
            assertThat(hits).as("%s.%s", column.get("table_name"), column.get("column_name")).isZero();
            checked++;
        }
        assertThat(checked).isGreaterThan(20);
    }

    @Test
    void anotherAccountsWebhookAnswersNotFound() {
        TestAccount owner = newAccount("FREE");
        TestAccount other = newAccount("FREE");
        String id = newWebhook(owner, "mine", "https://example.com/mine").get("id").asString();

        assertThat(call("GET", "/v1/webhooks/" + id, other.apiKey(), null).status()).isEqualTo(404);
        assertThat(call("PATCH", "/v1/webhooks/" + id, other.apiKey(), Map.of("name", "stolen")).status())
                .isEqualTo(404);
        assertThat(call("DELETE", "/v1/webhooks/" + id, other.apiKey(), null).status()).isEqualTo(404);
        assertThat(call("POST", "/v1/webhooks/" + id + "/secret/rotate", other.apiKey(), null).status())
                .isEqualTo(404);
        assertThat(call("GET", "/v1/webhooks/" + id + "/deliveries", other.apiKey(), null).status()).isEqualTo(404);
        assertThat(call("GET", "/v1/webhooks", other.apiKey(), null).json().get("data").size()).isZero();
        assertThat(call("GET", "/v1/webhooks/" + id, owner.apiKey(), null).json().get("name").asString())
                .isEqualTo("mine");
    }

    @Test
    void webhookEndpointsRefuseMissingAndWrongKeys() {
        Answer missing = call("GET", "/v1/webhooks", null, null);
        Answer wrong = call("GET", "/v1/webhooks", "mfk_not-a-key", null);
        Answer admin = call("GET", "/v1/webhooks", ADMIN_KEY, null);
        Answer notBearer = call("POST", "/v1/deliveries/dlv_x/resend", null, null);

        assertThat(List.of(missing.status(), wrong.status(), notBearer.status())).containsOnly(401);
        assertThat(wrong.json().get("status").asInt()).isEqualTo(401);
        assertThat(admin.status()).isEqualTo(403);
        assertThat(admin.json().get("detail").asString())
                .isEqualTo("This endpoint takes an account's API key, not the admin key");
    }

    @Test
    void invalidWebhooksAreRefusedNamingEveryField() {
        TestAccount account = newAccount("PRO");
        Map<String, Object> tooLong = new HashMap<>(Map.of("name", "x".repeat(101), "url", "http://example.com/",
                "description", "d".repeat(501), "eventCategories", List.of("sale", "refund")));

        Answer invalid = call("POST", "/v1/webhooks", account.apiKey(), tooLong);

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.contentType()).startsWith("application/problem+json");
        assertThat(fieldsOf(invalid)).containsExactly("name", "url", "description", "eventCategories[1]");
        assertThat(invalid.json().get("detail").asString()).contains("url: must use https");

        assertThat(fieldsOf(call("POST", "/v1/webhooks", account.apiKey(), Map.of())))
                .containsExactly("name", "url", "eventCategories");
        assertThat(fieldsOf(call("POST", "/v1/webhooks", account.apiKey(), Map.of("name", "n",
                "url", "https://example.com", "eventCategories", List.of())))).containsExactly("eventCategories");
        assertThat(fieldsOf(call("POST", "/v1/webhooks", account.apiKey(), Map.of("name", "n",
                "url", "https://0x7f.0.0.1/", "eventCategories", List.of("sale"))))).containsExactly("url");
        assertThat(fieldsOf(call("POST", "/v1/webhooks", account.apiKey(), Map.of("name", "n",
                "url", "https://[::ffff:169.254.169.254]/", "eventCategories", List.of("sale")))))
                .containsExactly("url");
    }

    @Test
    void unknownFieldsAndWrongTypesAreRefused() {
        TestAccount account = newAccount("PRO");
        String id = newWebhook(account, "typed", "https://example.com/t").get("id").asString();

        Answer unknown = call("POST", "/v1/webhooks", account.apiKey(), Map.of("name", "n",
                "url", "https://example.com", "eventCategories", List.of("sale"), "secret", "mine"));
        Answer numberName = call("POST", "/v1/webhooks", account.apiKey(), Map.of("name", 5,
                "url", "https://example.com", "eventCategories", List.of("sale")));
        Answer stringCategories = call("POST", "/v1/webhooks", account.apiKey(), Map.of("name", "n",
                "url", "https://example.com", "eventCategories", "sale"));
        Answer badStatus = call("PATCH", "/v1/webhooks/" + id, account.apiKey(), Map.of("status", "PAUSED"));
        Answer notJson = call("POST", "/v1/webhooks", account.apiKey(), "{\"name\": ");
        Answer duplicate = call("POST", "/v1/webhooks", account.apiKey(), "{\"name\":\"a\",\"name\":\"b\"}");

        assertThat(fieldsOf(unknown)).containsExactly("secret");
        assertThat(fieldsOf(numberName)).containsExactly("name");
        assertThat(fieldsOf(stringCategories)).containsExactly("eventCategories");
        assertThat(fieldsOf(badStatus)).containsExactly("status");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(call("GET", "/v1/webhooks/" + id, account.apiKey(), null).json().get("status").asString())
                .isEqualTo("ACTIVE");
    }

    @Test
    void controlCharactersAndLoneSurrogatesInTextAreRefusedNamingTheField() {
        TestAccount account = newAccount("PRO");
        String id = newWebhook(account, "plain", "https://example.com/p").get("id").asString();

        Answer nulName = call("POST", "/v1/webhooks", account.apiKey(), createBody("a\\u0000b", null));
        Answer delName = call("POST", "/v1/webhooks", account.apiKey(), createBody("a\\u007fb", null));
        Answer surrogateName = call("POST", "/v1/webhooks", account.apiKey(), createBody("\\ud800", null));
        Answer nulDescription = call("POST", "/v1/webhooks", account.apiKey(), createBody("n", "x\\u0000"));
        Answer bellDescription = call("PATCH", "/v1/webhooks/" + id, account.apiKey(),
                "{\"description\":\"ring \\u0007\"}");
        Answer surrogateDescription = call("PATCH", "/v1/webhooks/" + id, account.apiKey(),
                "{\"description\":\"\\udc00 alone\"}");
        Answer nulRename = call("PATCH", "/v1/webhooks/" + id, account.apiKey(), "{\"name\":\"\\u0000\"}");

        assertThat(nulName.json().get("detail").asString()).isEqualTo("name: must not contain control characters");
        assertThat(fieldsOf(delName)).containsExactly("name");
        assertThat(surrogateName.json().get("detail").asString())
                .isEqualTo("name: must not contain a lone UTF-16 surrogate");
        assertThat(fieldsOf(nulDescription)).containsExactly("description");
        assertThat(fieldsOf(bellDescription)).containsExactly("description");
        assertThat(surrogateDescription.json().get("detail").asString())
                .isEqualTo("description: must not contain a lone UTF-16 surrogate");
        assertThat(fieldsOf(nulRename)).containsExactly("name");
        assertThat(call("GET", "/v1/webhooks/" + id, account.apiKey(), null).json().get("name").asString())
                .isEqualTo("plain");
    }

    @Test
    void descriptionsKeepTabsAndLineBreaks() {
        TestAccount account = newAccount("PRO");

        Answer created = call("POST", "/v1/webhooks", account.apiKey(),
                createBody("Orders \\ud83d\\ude00", "first\\tline\\r\\nsecond"));

        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        assertThat(created.json().get("name").asString()).isEqualTo("Orders \ud83d\ude00");
        assertThat(created.json().get("description").asString()).isEqualTo("first\tline\r\nsecond");
    }

    @Test
    void bodiesThatAreNoJsonObjectAreRefusedInPlainWords() {
        TestAccount account = newAccount("PRO");
        String valid = createBody("n", null);

        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("[]", "body: must be a JSON object");
        reasons.put("\"str\"", "body: must be a JSON object");
        reasons.put("42", "body: must be a JSON object");
        reasons.put(valid + "{\"a\":1}", "body: has content after the JSON object");
        reasons.put(valid + " [1]", "body: has content after the JSON object");
        reasons.put("[".repeat(1001) + "]".repeat(1001), "body: must be a JSON object");
        reasons.put("{\"a\":".repeat(1001) + "1" + "}".repeat(1001), "body: is nested too deeply");
        reasons.put("{\"name\": ", "body: is not valid JSON");
        reasons.put("{name: 1}", "body: is not valid JSON");

        reasons.forEach((body, reason) -> {
            Answer refused = call("POST", "/v1/webhooks", account.apiKey(), body);
            String detail = refused.json().get("detail").asString();

            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(detail).as(body).isEqualTo(reason);
        });
    }

    @Test
    void aBodyDeclaredLargerThanTheLimitIsRefusedBeforeItIsSent() {
        TestAccount account = newAccount("FREE");
        String head = "POST /v1/webhooks HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + account.apiKey()
                + "\r\nContent-Type: application/json\r\nContent-Length: 20000000\r\n\r\n";

        String answer = answerBeforeTheBodyEnds(head, new byte[0]);

        assertThat(answer).startsWith("HTTP/1.1 413 ").contains("application/problem+json")
                .contains("\"detail\":\"body: is larger than 1 MB\"");
    }

    @Test
    void aChunkedBodyIsRefusedOnceItGrowsPastTheLimit() {
        TestAccount account = newAccount("FREE");
        String head = "POST /v1/webhooks HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + account.apiKey()
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        var chunks = new StringBuilder(chunk("{\"name\":\""));
        for (int i = 0; i < 70; i++) {
            chunks.append(chunk("a".repeat(16 * 1024)));
        }

        // 70 chunks of 16 KiB pass the limit; the last chunk never comes, so only a refusal can answer.
        String answer = answerBeforeTheBodyEnds(head, chunks.toString().getBytes(StandardCharsets.US_ASCII));

        assertThat(answer).startsWith("HTTP/1.1 413 ").contains("application/problem+json")
                .contains("\"detail\":\"body: is larger than 1 MB\"");
    }

    @Test
    void aBodyUnderTheLimitIsStillRead() {
        TestAccount account = newAccount("FREE");
        String padded = createBody("big", "d".repeat(500)) + " ".repeat(900_000);

        Answer created = call("POST", "/v1/webhooks", account.apiKey(), padded);

        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
    }

    /** Sends {@code head} and {@code body} and reads the answer without ever ending the body. */
    private String answerBeforeTheBodyEnds(String head, byte[] body) {
        try (var socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            var answer = new StringBuilder();
            byte[] buffer = new byte[8192];
            int n;
            while (!answer.toString().contains("larger than 1 MB")
                    && (n = socket.getInputStream().read(buffer)) > 0) {
                answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            return answer.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.length()) + "\r\n" + data + "\r\n";
    }

    /** Sends a GET as written, since java.net.URI refuses the broken escapes these tests need. */
    private String rawGet(String target, String key) {
        try (var socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            String request = "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A create request as raw JSON, so escapes such as {@code \\u0000} reach the server as written. */
    private static String createBody(String name, @Nullable String description) {
        return "{\"name\":\"" + name + "\",\"url\":\"https://example.com/hook\",\"eventCategories\":[\"sale\"]"
                + (description == null ? "" : ",\"description\":\"" + description + "\"") + "}";
    }

    private static List<String> fieldsOf(Answer answer) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        answer.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
