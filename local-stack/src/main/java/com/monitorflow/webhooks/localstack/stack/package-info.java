/** The processes of the local stack and the order they start and stop in. */
@NullMarked
package com.monitorflow.webhooks.localstack.stack;

import org.jspecify.annotations.NullMarked;
