-- Categories (a small tree) and free-form tags for summaries.
CREATE TABLE IF NOT EXISTS categories (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    parent_id  bigint REFERENCES categories (id),
    position   integer NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS tags (
    id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name  text NOT NULL,
    CONSTRAINT tags_name_key UNIQUE (name)
);

CREATE TABLE IF NOT EXISTS summary_tags (
    summary_id bigint NOT NULL REFERENCES summaries (id) ON DELETE CASCADE,
    tag_id     bigint NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (summary_id, tag_id)
);

-- migrate:down
DROP TABLE IF EXISTS summary_tags;
DROP TABLE IF EXISTS tags;
DROP TABLE IF EXISTS categories;
