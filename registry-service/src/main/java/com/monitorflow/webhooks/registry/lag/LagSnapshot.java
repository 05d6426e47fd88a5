package com.monitorflow.webhooks.registry.lag;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The lag of every watched consumer group at one moment.
 *
 * @param readAt when the offsets were read
 * @param groups one entry per watched group, in the configured order
 */
public record LagSnapshot(Instant readAt, List<GroupLag> groups) {

    public LagSnapshot {
        groups = List.copyOf(groups);
    }

    /** The group {@code groupId}, if it is watched. */
    public Optional<GroupLag> group(String groupId) {
        return groups.stream().filter(g -> g.groupId().equals(groupId)).findFirst();
    }
}
