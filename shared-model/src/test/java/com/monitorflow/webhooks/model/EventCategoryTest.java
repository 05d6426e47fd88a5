package com.monitorflow.webhooks.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class EventCategoryTest {

    /** The documented form of an event name, as a regular expression. */
    private static final Pattern DOCUMENTED = Pattern.compile("[a-z]+\\.[a-z][a-z0-9]*(?:_[a-z0-9]+)*");

    @Test
    void categoryComesFromTheWordBeforeTheDot() {
        assertThat(EventCategory.ofEventName("sale.created")).contains(EventCategory.SALE);
        assertThat(EventCategory.ofEventName("sqs.message_received")).contains(EventCategory.SQS);
        assertThat(EventCategory.ofEventName("question.answer_2_posted")).contains(EventCategory.QUESTION);
        assertThat(EventCategory.ofEventName("invoice.created")).isEmpty();
        assertThat(EventCategory.ofEventName("Sale.created")).isEmpty();
    }

    @Test
    void malformedNamesAreRejected() {
        for (String name : List.of("", ".", "sale", "sale.", ".created", "sale..created", "sale.Created",
                "sale.2created", "sale.created_", "sale._created", "sale.created__now", "sale.created.now",
                "sale.created-now", "sale created", "sale.cr\u00e9ated", "s4le.created")) {
            assertThat(EventCategory.isWellFormedEventName(name)).as(name).isFalse();
        }
    }

    @Test
    void wellFormedNamesAreExactlyTheDocumentedForm() {
        var random = new Random(7);
        String alphabet = "aaaabbbb0009__..Z-";
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            var name = new StringBuilder();
            int length = 1 + random.nextInt(9);
            for (int j = 0; j < length; j++) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            names.add(name.toString());
        }

        for (String name : names) {
            assertThat(EventCategory.isWellFormedEventName(name)).as(name)
                    .isEqualTo(DOCUMENTED.matcher(name).matches());
        }
        assertThat(names).filteredOn(name -> DOCUMENTED.matcher(name).matches()).hasSizeGreaterThan(100);
    }
}
