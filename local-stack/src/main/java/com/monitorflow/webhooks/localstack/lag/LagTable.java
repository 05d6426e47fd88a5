package com.monitorflow.webhooks.localstack.lag;

import java.util.List;
import java.util.Locale;

/** Formats groups as a fixed-width table: a header, then one line per group. */
final class LagTable {

    private static final String ROW = "%-24s %7s  %-12s %10s  %11s  %8s%n";

    private LagTable() {
    }

    static String format(List<GroupLagLine> groups) {
        var table = new StringBuilder();
        table.append(String.format(Locale.ROOT, ROW, "GROUP", "MEMBERS", "STATE", "LAG", "MAX SECONDS", "WAITING"));
        for (GroupLagLine group : groups) {
            table.append(String.format(Locale.ROOT, ROW, group.group(), group.members(), group.state(),
                    group.totalLag(), seconds(group.maxLagSeconds()), group.waiting()));
        }
        return table.toString();
    }

    private static String seconds(double seconds) {
        return seconds < 0 ? "?" : String.format(Locale.ROOT, "%.1f", seconds);
    }
}
