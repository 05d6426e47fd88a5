-- Accounts, their plans and API keys; webhooks and the outbox that publishes their changes.

CREATE TABLE account (
    id           varchar(40)  NOT NULL PRIMARY KEY,
    name         varchar(200) NOT NULL,
    plan         varchar(8)   NOT NULL CHECK (plan IN ('FREE', 'PRO')),
    api_key_hash varchar(64)  NOT NULL,
    created_at   timestamptz  NOT NULL,
    updated_at   timestamptz  NOT NULL,
    CONSTRAINT account_api_key_hash_key UNIQUE (api_key_hash)
);

COMMENT ON COLUMN account.api_key_hash IS 'Lower-case hex SHA-256 of the API key; the key itself is never stored';

CREATE TABLE webhook (
    id               varchar(40)   NOT NULL PRIMARY KEY,
    account_id       varchar(40)   NOT NULL REFERENCES account (id),
    name             varchar(100)  NOT NULL,
    url              varchar(2048) NOT NULL,
    description      varchar(500),
    event_categories text[]        NOT NULL,
    status           varchar(8)    NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE')),
    encrypted_secret varchar(200)  NOT NULL,
    created_at       timestamptz   NOT NULL,
    updated_at       timestamptz   NOT NULL
);

COMMENT ON COLUMN webhook.encrypted_secret IS 'The signing secret sealed with AES-GCM; never the raw secret';

CREATE INDEX webhook_account_id_idx ON webhook (account_id, id);

-- Changes to publish on webhooks.changelog, in id order. A null definition is a tombstone.
CREATE TABLE webhook_outbox (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_id varchar(40) NOT NULL,
    definition text,
    created_at timestamptz NOT NULL
);
