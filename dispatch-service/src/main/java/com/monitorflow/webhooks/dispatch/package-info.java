@NullMarked
package com.monitorflow.webhooks.dispatch;

import org.jspecify.annotations.NullMarked;
