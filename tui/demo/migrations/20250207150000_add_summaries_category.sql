-- Summaries get a category. The index is built without CONCURRENTLY: it blocks writes
-- to summaries while it builds.
ALTER TABLE summaries ADD COLUMN IF NOT EXISTS category_id bigint REFERENCES categories (id);

CREATE INDEX summaries_category_id_idx ON summaries (category_id);

-- migrate:down
DROP INDEX IF EXISTS summaries_category_id_idx;
ALTER TABLE summaries DROP COLUMN IF EXISTS category_id;
