package com.monitorflow.webhooks.registry.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.monitorflow.webhooks.registry.IntegrationTestSupport;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Migrates a database that already holds deliveries in the unpartitioned table of V2 and checks
 * that V3 moves each into the daily partition of its first attempt, losing nothing.
 */
class DeliveryPartitioningMigrationIT extends IntegrationTestSupport {

    private static final String DATABASE = "delivery_partitioning_migration";

    @Test
    void existingDeliveriesMoveToThePartitionOfTheirFirstAttempt() throws SQLException {
        DataSource dataSource = freshDatabase();
        flyway(dataSource, "2").migrate();
        execute(dataSource, """
                CREATE TABLE delivery_attempt_p20200601 PARTITION OF delivery_attempt
                    FOR VALUES FROM ('2020-06-01 00:00:00+00') TO ('2020-06-02 00:00:00+00');
                CREATE TABLE delivery_attempt_p20200602 PARTITION OF delivery_attempt
                    FOR VALUES FROM ('2020-06-02 00:00:00+00') TO ('2020-06-03 00:00:00+00');
                INSERT INTO delivery_attempt (delivery_id, attempt, attempted_at, account_id, webhook_id, event_id,
                        event, duration_millis, status_code, state) VALUES
                    ('dlv_retried', 1, '2020-06-01 23:50:00+00', 'acc_1', 'whk_1', 'evt_1', 'sale.created', 5, 500,
                        'RETRYING'),
                    ('dlv_retried', 2, '2020-06-02 00:10:00+00', 'acc_1', 'whk_1', 'evt_1', 'sale.created', 5, 200,
                        'SUCCEEDED');
                INSERT INTO delivery (delivery_id, account_id, webhook_id, event_id, event, payload, last_attempt,
                        last_attempted_at, last_state, last_status_code) VALUES
                    ('dlv_retried', 'acc_1', 'whk_1', 'evt_1', 'sale.created', '{"n":1}', 2,
                        '2020-06-02 00:10:00+00', 'SUCCEEDED', 200),
                    ('dlv_no_attempts_left', 'acc_1', 'whk_1', 'evt_2', 'sale.created', '{"n":2}', 6,
                        '2020-06-03 08:00:00+00', 'FAILED', 500);
                """);

        flyway(dataSource, "latest").migrate();

        assertThat(rows(dataSource, """
                SELECT delivery_id || ' ' || tableoid::regclass::text || ' ' || first_attempted_at AT TIME ZONE 'UTC'
                        || ' ' || payload || ' ' || last_attempt || ' ' || last_state
                FROM delivery ORDER BY delivery_id"""))
                .containsExactly(
                        "dlv_no_attempts_left delivery_p20200603 2020-06-03 08:00:00 {\"n\":2} 6 FAILED",
                        "dlv_retried delivery_p20200601 2020-06-01 23:50:00 {\"n\":1} 2 SUCCEEDED");
        assertThat(rows(dataSource, "SELECT relname FROM pg_class WHERE relname LIKE 'delivery_unpartitioned%'"))
                .isEmpty();
        assertThat(rows(dataSource, "SELECT count(*) FROM delivery_attempt")).containsExactly("2");
    }

    private static DataSource freshDatabase() throws SQLException {
        execute(POSTGRES.getPostgresDatabase(), "CREATE DATABASE " + DATABASE);
        return POSTGRES.getDatabase("postgres", DATABASE);
    }

    private static Flyway flyway(DataSource dataSource, String target) {
        return Flyway.configure().dataSource(dataSource).target(target).load();
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> rows(DataSource dataSource, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
