@NullMarked
package com.monitorflow.webhooks.dispatch.http;

import org.jspecify.annotations.NullMarked;
