package com.monitorflow.webhooks.localstack.stack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes sure one stack at a time runs from a data directory: a second one would open the same
 * broker and database files and fight over the same ports. The lock is held on
 * {@code stack.lock} for as long as the stack runs, and {@code stack.pid} names the launcher
 * holding it, which the {@code monitorflow} script reads before it rebuilds anything.
 */
final class StackLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;
    private final Path pidFile;

    private StackLock(FileChannel channel, FileLock lock, Path pidFile) {
        this.channel = channel;
        this.lock = lock;
        this.pidFile = pidFile;
    }

    /** Takes the lock of {@code dataDir}, or fails saying which launcher holds it. */
    static StackLock acquire(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path pidFile = dataDir.resolve("stack.pid");
        FileChannel channel = FileChannel.open(dataDir.resolve("stack.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("A stack is already running from " + dataDir + holder(pidFile)
                    + "; stop it first (Ctrl-C in its terminal)");
        }
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()), StandardCharsets.US_ASCII);
        return new StackLock(channel, lock, pidFile);
    }

    /**
     * Whether a launcher holds the lock of {@code dataDir} now, judged without taking it (for
     * checks before anything is touched, such as deleting the data for a fresh start).
     */
    static boolean heldByAnother(Path dataDir) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(dataDir.resolve("stack.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    private static String holder(Path pidFile) {
        try {
            return " (launcher pid " + Files.readString(pidFile, StandardCharsets.US_ASCII).strip() + ")";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(pidFile);
        lock.release();
        channel.close();
    }
}
