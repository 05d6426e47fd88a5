/** The topics the retry service writes and therefore creates. */
@NullMarked
package com.monitorflow.webhooks.retry.topics;

import org.jspecify.annotations.NullMarked;
