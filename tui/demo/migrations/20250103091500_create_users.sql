-- Users of the app: one row per sign-up.
CREATE TABLE IF NOT EXISTS users (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email        text NOT NULL,
    full_name    text,
    display_name text,
    plan         text DEFAULT 'free',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_email_key UNIQUE (email)
);

CREATE INDEX IF NOT EXISTS users_created_at_idx ON users (created_at);

-- migrate:down
DROP TABLE IF EXISTS users;
