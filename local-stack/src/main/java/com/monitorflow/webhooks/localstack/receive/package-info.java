/** The {@code receive} command: a webhook endpoint that verifies each delivery and prints it. */
@NullMarked
package com.monitorflow.webhooks.localstack.receive;

import org.jspecify.annotations.NullMarked;
