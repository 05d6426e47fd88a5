/**
 * The relay that reads the retry topics, holds back each partition until its head is due, and
 * hands due deliveries back to dispatch or rests exhausted and unreadable ones as dead letters.
 */
@NullMarked
package com.monitorflow.webhooks.retry.forward;

import org.jspecify.annotations.NullMarked;
