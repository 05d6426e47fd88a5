-- Per-delivery rows are partitioned by the day of the delivery's first attempt, with the same
-- daily bounds as delivery_attempt, so that retention drops both tables' old days whole instead of
-- deleting per-delivery rows. PostgreSQL wants the partition key in every unique key, so a
-- delivery is now keyed on (delivery_id, first_attempted_at); the delivery log looks the first
-- attempt time up before it writes.

ALTER TABLE delivery RENAME TO delivery_unpartitioned;
DROP INDEX delivery_webhook_state_idx;
DROP INDEX delivery_last_attempted_at_idx;
/* [jooq ignore start] */
ALTER TABLE delivery_unpartitioned RENAME CONSTRAINT delivery_pkey TO delivery_unpartitioned_pkey;
/* [jooq ignore stop] */

CREATE TABLE delivery (
    delivery_id        varchar(40)   NOT NULL,
    first_attempted_at timestamptz   NOT NULL,
    account_id         varchar(40)   NOT NULL,
    webhook_id         varchar(40)   NOT NULL,
    event_id           varchar(64)   NOT NULL,
    event              varchar(200)  NOT NULL,
    payload            text,
    last_attempt       integer       NOT NULL,
    last_attempted_at  timestamptz   NOT NULL,
    last_state         varchar(10)   NOT NULL,
    last_status_code   integer,
    last_error         varchar(1000),
    CONSTRAINT delivery_pkey PRIMARY KEY (delivery_id, first_attempted_at)
) /* [jooq ignore start] */ PARTITION BY RANGE (first_attempted_at) /* [jooq ignore stop] */;

COMMENT ON COLUMN delivery.payload IS 'The exact body of the first attempt, kept for resend and re-drive';
COMMENT ON COLUMN delivery.first_attempted_at IS 'When the first attempt seen for the delivery was made; picks its daily partition';

CREATE INDEX delivery_webhook_state_idx ON delivery (webhook_id, last_state, last_attempted_at);

/* [jooq ignore start] */
-- Existing deliveries: the first attempt still in the attempt log, else the latest one known.
CREATE TEMPORARY TABLE delivery_first_attempt ON COMMIT DROP AS
SELECT d.delivery_id, COALESCE(MIN(a.attempted_at), d.last_attempted_at) AS first_attempted_at
FROM delivery_unpartitioned d
LEFT JOIN delivery_attempt a ON a.delivery_id = d.delivery_id
GROUP BY d.delivery_id, d.last_attempted_at;

DO $$
DECLARE
    day date;
BEGIN
    FOR day IN SELECT DISTINCT (first_attempted_at AT TIME ZONE 'UTC')::date FROM delivery_first_attempt LOOP
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF delivery FOR VALUES FROM (%L) TO (%L)',
                'delivery_p' || to_char(day, 'YYYYMMDD'), day || ' 00:00:00+00', (day + 1) || ' 00:00:00+00');
    END LOOP;
END
$$;

INSERT INTO delivery (delivery_id, first_attempted_at, account_id, webhook_id, event_id, event, payload,
        last_attempt, last_attempted_at, last_state, last_status_code, last_error)
SELECT d.delivery_id, f.first_attempted_at, d.account_id, d.webhook_id, d.event_id, d.event, d.payload,
        d.last_attempt, d.last_attempted_at, d.last_state, d.last_status_code, d.last_error
FROM delivery_unpartitioned d
JOIN delivery_first_attempt f ON f.delivery_id = d.delivery_id;
/* [jooq ignore stop] */

DROP TABLE delivery_unpartitioned;
