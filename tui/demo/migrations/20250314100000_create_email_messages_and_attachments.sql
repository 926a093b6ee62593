-- Email integration, part 2: messages and attachments.
CREATE TABLE IF NOT EXISTS email_messages (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    thread_id   bigint NOT NULL REFERENCES email_threads (id) ON DELETE CASCADE,
    sender      text NOT NULL,
    sent_at     timestamptz NOT NULL,
    body_text   text,
    headers     jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE TABLE IF NOT EXISTS email_attachments (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id  bigint NOT NULL REFERENCES email_messages (id) ON DELETE CASCADE,
    filename    text NOT NULL,
    mime_type   text NOT NULL,
    size_bytes  bigint NOT NULL CHECK (size_bytes >= 0)
);

CREATE INDEX IF NOT EXISTS email_messages_thread_id_sent_at_idx ON email_messages (thread_id, sent_at);
CREATE INDEX IF NOT EXISTS email_attachments_message_id_idx ON email_attachments (message_id);

-- migrate:down
DROP TABLE IF EXISTS email_attachments;
DROP TABLE IF EXISTS email_messages;
