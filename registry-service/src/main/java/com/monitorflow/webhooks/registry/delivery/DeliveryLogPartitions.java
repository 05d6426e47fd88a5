package com.monitorflow.webhooks.registry.delivery;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The daily partitions of the delivery log, bounded at midnight UTC: {@code delivery_attempt_pYYYYMMDD}
 * for the attempts made that day and {@code delivery_pYYYYMMDD} for the deliveries first attempted
 * that day. A day always has both. Expiring a day is dropping its partitions, never a mass delete.
 */
@Component
public class DeliveryLogPartitions {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLogPartitions.class);
    /** The partitioned tables, each with one partition per day named {@code <table>_pYYYYMMDD}. */
    private static final List<String> TABLES = List.of("delivery_attempt", "delivery");
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;

    private final DSLContext dsl;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    public DeliveryLogPartitions(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Creates the partitions of {@code days} that do not exist yet. */
    public void ensure(Collection<LocalDate> days) {
        for (LocalDate day : days) {
            if (known.contains(day)) {
                continue;
            }
            for (String table : TABLES) {
                dsl.execute("CREATE TABLE IF NOT EXISTS " + name(table, day) + " PARTITION OF " + table
                        + " FOR VALUES FROM ('" + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')");
            }
            known.add(day);
        }
    }

    /** The days that have a partition now, in either table. */
    public SortedSet<LocalDate> existing() {
        SortedSet<LocalDate> days = new TreeSet<>();
        for (String table : TABLES) {
            days.addAll(existing(table));
        }
        return days;
    }

    /** The days that have a partition of {@code table} now. */
    public SortedSet<LocalDate> existing(String table) {
        List<String> names = dsl.fetch("""
                SELECT c.relname FROM pg_inherits i
                JOIN pg_class c ON c.oid = i.inhrelid
                JOIN pg_class p ON p.oid = i.inhparent
                WHERE p.relname = ?""", table).getValues(0, String.class);
        String prefix = table + "_p";
        SortedSet<LocalDate> days = new TreeSet<>();
        for (String name : names) {
            if (name.startsWith(prefix)) {
                days.add(LocalDate.parse(name.substring(prefix.length()), SUFFIX));
            }
        }
        return days;
    }

    /** Drops the partitions of every day before {@code firstKept}; returns the days dropped. */
    public List<LocalDate> dropBefore(LocalDate firstKept) {
        List<LocalDate> dropped = new ArrayList<>();
        for (LocalDate day : existing().headSet(firstKept)) {
            for (String table : TABLES) {
                dsl.execute("DROP TABLE IF EXISTS " + name(table, day));
            }
            known.remove(day);
            dropped.add(day);
            log.info("Dropped the delivery log partition of {}", day);
        }
        return dropped;
    }

    /** Forgets which partitions exist, so that the next {@link #ensure} checks the database again. */
    public void forget() {
        known.clear();
    }

    static String name(String table, LocalDate day) {
        return table + "_p" + day.format(SUFFIX);
    }
}
