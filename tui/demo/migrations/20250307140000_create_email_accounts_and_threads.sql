-- Email integration, part 1: connected mailboxes and their threads.
CREATE TABLE IF NOT EXISTS email_accounts (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    address       text NOT NULL,
    provider      text NOT NULL CHECK (provider IN ('gmail', 'outlook', 'imap')),
    last_synced_at timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT email_accounts_user_id_address_key UNIQUE (user_id, address)
);

CREATE TABLE IF NOT EXISTS email_threads (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id       bigint NOT NULL REFERENCES email_accounts (id) ON DELETE CASCADE,
    subject          text NOT NULL DEFAULT '',
    last_message_at  timestamptz,
    summary_id       bigint REFERENCES summaries (id) ON DELETE SET NULL
);

CREATE INDEX IF NOT EXISTS email_threads_account_id_last_message_at_idx
    ON email_threads (account_id, last_message_at DESC);

-- migrate:down
DROP TABLE IF EXISTS email_threads;
DROP TABLE IF EXISTS email_accounts;
