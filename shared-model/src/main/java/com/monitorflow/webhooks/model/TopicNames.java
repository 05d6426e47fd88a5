package com.monitorflow.webhooks.model;

import java.util.List;
import java.util.stream.IntStream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kafka topics of the product, bound from {@code monitorflow.topics.*}. The defaults are the
 * names fixed by the architecture; every service reads its topic names from here.
 *
 * @param inbound what upstream producers write
 * @param sqs normalized events of the {@code sqs} category
 * @param sale normalized events of the {@code sale} category
 * @param question normalized events of the {@code question} category
 * @param rejected inbound records that could not be accepted, with the reason in headers
 * @param webhooksChangelog compacted webhook definitions keyed by webhook id
 * @param attempts one record per HTTP delivery attempt
 * @param retryPrefix prefix of the delay topics; step {@code n} is {@code retryPrefix + n}
 * @param retrySteps how many delay topics (and so retries) there are
 * @param redeliver deliveries that are due again, back to dispatch
 * @param dead deliveries whose retries are exhausted
 * @param partitions partitions of every topic the services create; equal counts keep one account on
 *     the same partition number of every topic
 * @param replicationFactor replicas of every topic the services create
 */
@ConfigurationProperties("monitorflow.topics")
public record TopicNames(
        @DefaultValue("events.inbound") String inbound,
        @DefaultValue("events.sqs") String sqs,
        @DefaultValue("events.sale") String sale,
        @DefaultValue("events.question") String question,
        @DefaultValue("events.rejected") String rejected,
        @DefaultValue("webhooks.changelog") String webhooksChangelog,
        @DefaultValue("deliveries.attempts") String attempts,
        @DefaultValue("deliveries.retry.") String retryPrefix,
        @DefaultValue("5") int retrySteps,
        @DefaultValue("deliveries.redeliver") String redeliver,
        @DefaultValue("deliveries.dead") String dead,
        @DefaultValue("6") int partitions,
        @DefaultValue("1") int replicationFactor) {

    /** The names the architecture fixes. */
    public static TopicNames defaults() {
        return new TopicNames("events.inbound", "events.sqs", "events.sale", "events.question",
                "events.rejected", "webhooks.changelog", "deliveries.attempts", "deliveries.retry.", 5,
                "deliveries.redeliver", "deliveries.dead", 6, 1);
    }

    /** The category topic that carries normalized events of {@code category}. */
    public String eventsOf(EventCategory category) {
        return switch (category) {
            case SQS -> sqs;
            case SALE -> sale;
            case QUESTION -> question;
        };
    }

    /** All category topics, in the order of {@link EventCategory}. */
    public List<String> categoryTopics() {
        return List.of(sqs, sale, question);
    }

    /** The delay topic of retry step {@code step}, counted from 1. */
    public String retry(int step) {
        if (step < 1 || step > retrySteps) {
            throw new IllegalArgumentException("Retry step " + step + " is outside 1.." + retrySteps);
        }
        return retryPrefix + step;
    }

    /** All delay topics, from the first step to the last. */
    public List<String> retryTopics() {
        return IntStream.rangeClosed(1, retrySteps).mapToObj(this::retry).toList();
    }

    /** Every topic of the product, for creating them at start. */
    public List<String> all() {
        var all = new java.util.ArrayList<>(List.of(inbound, sqs, sale, question, rejected,
                webhooksChangelog, attempts, redeliver, dead));
        all.addAll(retryTopics());
        return List.copyOf(all);
    }
}
