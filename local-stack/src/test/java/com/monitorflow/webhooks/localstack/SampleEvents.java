package com.monitorflow.webhooks.localstack;

import java.nio.file.Path;

/** The event each public sample payload stands for, as the samples' SOURCES.md lists them. */
final class SampleEvents {

    private SampleEvents() {
    }

    static String eventFor(Path file) {
        String name = file.getFileName().toString();
        if (name.startsWith("sqs-cloudtrail-create-queue")) {
            return "sqs.queue_created";
        }
        if (name.startsWith("sqs-")) {
            return "sqs.message_received";
        }
        if (name.contains("refunded")) {
            return "sale.refunded";
        }
        if (name.contains("charge-succeeded") || name.contains("payment-created")) {
            return "sale.created";
        }
        if (name.startsWith("sale-")) {
            return "sale.completed";
        }
        if (name.equals("question-stackexchange-question.json")) {
            return "question.asked";
        }
        if (name.startsWith("question-")) {
            return "question.answered";
        }
        throw new IllegalArgumentException("No event is known for sample " + name);
    }
}
