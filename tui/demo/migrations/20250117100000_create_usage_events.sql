-- Product analytics: one row per thing a user did.
CREATE TYPE event_kind AS ENUM ('login', 'summary_created', 'share_opened');

CREATE TABLE IF NOT EXISTS usage_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        event_kind NOT NULL,
    metadata    jsonb NOT NULL DEFAULT '{}'::jsonb,
    occurred_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS usage_events_user_id_occurred_at_idx ON usage_events (user_id, occurred_at);

-- migrate:down
DROP TABLE IF EXISTS usage_events;
DROP TYPE IF EXISTS event_kind;
