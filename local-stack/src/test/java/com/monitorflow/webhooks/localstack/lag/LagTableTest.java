package com.monitorflow.webhooks.localstack.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.monitorflow.webhooks.model.Json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LagTableTest {

    private static final String ANSWER = """
            {"readAt": "2026-12-03T18:00:00Z", "groups": [
              {"groupId": "ingest", "state": "STABLE", "members": 2, "totalLag": 12, "totalWaiting": 0,
               "maxLagSeconds": 3.25, "partitions": []},
              {"groupId": "monitorflow-retry", "state": "EMPTY", "members": 0, "totalLag": 0, "totalWaiting": 7,
               "maxLagSeconds": 0.0, "partitions": []}]}
            """;

    @Test
    void printsOneLinePerGroupUnderAHeader() {
        List<GroupLagLine> groups = GroupLagLine.fromAnswer(Json.mapper().readTree(ANSWER));

        String[] lines = LagTable.format(groups).split("\n");

        assertThat(lines).hasSize(3);
        assertThat(lines[0]).contains("GROUP", "MEMBERS", "LAG", "MAX SECONDS", "WAITING");
        assertThat(lines[1].split("\\s+")).containsExactly("ingest", "2", "STABLE", "12", "3.3", "0");
        assertThat(lines[2].split("\\s+")).containsExactly("monitorflow-retry", "0", "EMPTY", "0", "0.0", "7");
    }

    @Test
    void adminKeyComesFromTheOptionThenTheEnvironmentThenTheLocalStack(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys.properties");
        Files.writeString(keys, "admin-key=mfadm_local\n");

        assertThat(ConsumerLagCommand.adminKey("mfadm_option", "mfadm_env", keys)).isEqualTo("mfadm_option");
        assertThat(ConsumerLagCommand.adminKey(null, "mfadm_env", keys)).isEqualTo("mfadm_env");
        assertThat(ConsumerLagCommand.adminKey(null, null, keys)).isEqualTo("mfadm_local");
        assertThat(ConsumerLagCommand.adminKey(null, null, dir.resolve("missing"))).isNull();
    }
}
