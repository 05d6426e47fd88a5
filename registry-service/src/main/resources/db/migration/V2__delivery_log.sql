-- The delivery log: one row per HTTP attempt, partitioned by day so that old days are dropped
-- whole, and one row per delivery with the body of its first attempt and its latest state.

CREATE TABLE delivery_attempt (
    delivery_id      varchar(40)   NOT NULL,
    attempt          integer       NOT NULL,
    attempted_at     timestamptz   NOT NULL,
    account_id       varchar(40)   NOT NULL,
    webhook_id       varchar(40)   NOT NULL,
    event_id         varchar(64)   NOT NULL,
    event            varchar(200)  NOT NULL,
    duration_millis  bigint        NOT NULL,
    status_code      integer,
    error            varchar(1000),
    location         varchar(2048),
    response_excerpt varchar(4096),
    state            varchar(10)   NOT NULL,
    CONSTRAINT delivery_attempt_pkey PRIMARY KEY (delivery_id, attempt, attempted_at)
) /* [jooq ignore start] */ PARTITION BY RANGE (attempted_at) /* [jooq ignore stop] */;

CREATE INDEX delivery_attempt_webhook_idx ON delivery_attempt (webhook_id, attempted_at DESC);

CREATE TABLE delivery (
    delivery_id       varchar(40)   NOT NULL PRIMARY KEY,
    account_id        varchar(40)   NOT NULL,
    webhook_id        varchar(40)   NOT NULL,
    event_id          varchar(64)   NOT NULL,
    event             varchar(200)  NOT NULL,
    payload           text,
    last_attempt      integer       NOT NULL,
    last_attempted_at timestamptz   NOT NULL,
    last_state        varchar(10)   NOT NULL,
    last_status_code  integer,
    last_error        varchar(1000)
);

COMMENT ON COLUMN delivery.payload IS 'The exact body of the first attempt, kept for resend and re-drive';

CREATE INDEX delivery_webhook_state_idx ON delivery (webhook_id, last_state, last_attempted_at);
CREATE INDEX delivery_last_attempted_at_idx ON delivery (last_attempted_at);
