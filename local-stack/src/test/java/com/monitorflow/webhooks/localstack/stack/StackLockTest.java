package com.monitorflow.webhooks.localstack.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackLockTest {

    @TempDir
    Path dataDir;

    @Test
    void aSecondStackOnTheSameDataIsRefusedNamingTheLauncher() throws Exception {
        try (StackLock first = StackLock.acquire(dataDir)) {
            assertThat(LocalStack.runningFrom(dataDir)).isTrue();
            assertThat(Files.readString(dataDir.resolve("stack.pid")))
                    .isEqualTo(Long.toString(ProcessHandle.current().pid()));

            assertThatThrownBy(() -> StackLock.acquire(dataDir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already running from " + dataDir)
                    .hasMessageContaining("launcher pid " + ProcessHandle.current().pid());
        }

        assertThat(LocalStack.runningFrom(dataDir)).isFalse();
        assertThat(dataDir.resolve("stack.pid")).doesNotExist();
        try (StackLock again = StackLock.acquire(dataDir)) {
            assertThat(LocalStack.runningFrom(dataDir)).isTrue();
        }
    }

    @Test
    void noDataDirectoryMeansNoStack() throws Exception {
        assertThat(LocalStack.runningFrom(dataDir.resolve("never-used"))).isFalse();
    }
}
