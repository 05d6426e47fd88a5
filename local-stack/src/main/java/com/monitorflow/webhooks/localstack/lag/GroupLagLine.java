package com.monitorflow.webhooks.localstack.lag;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * One consumer group as the lag command prints it.
 *
 * @param group the consumer group
 * @param state the coordinator's group state
 * @param members consumers in the group now
 * @param totalLag records behind over all partitions
 * @param maxLagSeconds the oldest unconsumed record's wait, in seconds
 * @param waiting retry records whose due time has not come
 */
record GroupLagLine(String group, String state, int members, long totalLag, double maxLagSeconds, long waiting) {

    /** The groups of a {@code GET /v1/admin/consumer-lag} answer, in its order. */
    static List<GroupLagLine> fromAnswer(JsonNode answer) {
        List<GroupLagLine> lines = new ArrayList<>();
        for (JsonNode group : answer.path("groups")) {
            lines.add(new GroupLagLine(group.path("groupId").asString(), group.path("state").asString(),
                    group.path("members").asInt(), group.path("totalLag").asLong(),
                    group.path("maxLagSeconds").asDouble(), group.path("totalWaiting").asLong()));
        }
        return lines;
    }
}
