-- Summaries a user writes, and public links to share them.
CREATE TABLE IF NOT EXISTS summaries (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL,
    title       text NOT NULL,
    body        text NOT NULL DEFAULT '',
    word_count  integer NOT NULL DEFAULT 0 CHECK (word_count >= 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT summaries_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS summaries_user_id_created_at_idx ON summaries (user_id, created_at DESC);

CREATE TABLE IF NOT EXISTS share_links (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    summary_id  bigint NOT NULL REFERENCES summaries (id) ON DELETE CASCADE,
    token       text NOT NULL UNIQUE,
    expires_at  timestamptz,
    view_count  integer NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- migrate:down
DROP TABLE IF EXISTS share_links;
DROP TABLE IF EXISTS summaries;
