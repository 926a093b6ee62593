-- Per-user settings; one row per user, created lazily by the app.
CREATE TABLE IF NOT EXISTS user_preferences (
    user_id          bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    theme            text NOT NULL DEFAULT 'system',
    digest_frequency text NOT NULL DEFAULT 'weekly'
        CHECK (digest_frequency IN ('never', 'daily', 'weekly')),
    settings         jsonb NOT NULL DEFAULT '{}'::jsonb,
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- migrate:down
DROP TABLE IF EXISTS user_preferences;
