@NullMarked
package com.monitorflow.webhooks.registry.account;

import org.jspecify.annotations.NullMarked;
