/**
 * The {@code bench} command: one run that starts a fresh local stack, measures the machine's
 * ceilings (the broker's raw rate, a local receiver driven directly over HTTP) and then the whole
 * system against them (throughput at fan-out 1, 10 and 100, latency at a fixed load, isolation from
 * an endpoint that never answers, retry precision, resident memory), and writes the results file
 * and its chart.
 */
@NullMarked
package com.monitorflow.webhooks.localstack.bench;

import org.jspecify.annotations.NullMarked;
