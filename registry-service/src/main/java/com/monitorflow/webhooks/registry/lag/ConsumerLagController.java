package com.monitorflow.webhooks.registry.lag;

import java.time.Instant;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/admin/consumer-lag}: the lag of every watched consumer group, read from the
 * brokers at the time of the request. Takes the admin key: the registry's API key filter
 * admits only the admin key on {@code /v1/admin/}.
 */
@RestController
final class ConsumerLagController {

    private final ConsumerLagReader reader;

    ConsumerLagController(ConsumerLagReader reader) {
        this.reader = reader;
    }

    @GetMapping("/v1/admin/consumer-lag")
    ConsumerLagResponse consumerLag() {
        return ConsumerLagResponse.of(reader.read());
    }

    @ExceptionHandler(LagUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(LagUnavailableException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Consumer lag unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
    }

    /**
     * The JSON answer: per group its totals and its partitions.
     *
     * @param readAt when the offsets were read
     * @param groups one entry per watched group
     */
    record ConsumerLagResponse(Instant readAt, List<GroupView> groups) {

        static ConsumerLagResponse of(LagSnapshot snapshot) {
            return new ConsumerLagResponse(snapshot.readAt(), snapshot.groups().stream().map(GroupView::of).toList());
        }
    }

    /**
     * One group in the JSON answer.
     *
     * @param groupId the consumer group
     * @param state the coordinator's group state
     * @param members consumers in the group now
     * @param totalLag records behind over all partitions
     * @param totalWaiting retry records not due yet over all partitions
     * @param maxLagSeconds the largest lag estimate in seconds
     * @param partitions the partitions, sorted by topic and partition
     */
    record GroupView(String groupId, String state, int members, long totalLag, long totalWaiting,
            double maxLagSeconds, List<PartitionLag> partitions) {

        static GroupView of(GroupLag group) {
            return new GroupView(group.groupId(), group.state(), group.members(), group.totalLag(),
                    group.totalWaiting(), group.maxLagSeconds(), group.partitions());
        }
    }
}
