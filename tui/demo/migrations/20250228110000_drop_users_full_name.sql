-- display_name replaced full_name in the app two releases ago.
ALTER TABLE users DROP COLUMN full_name;

-- migrate:down
ALTER TABLE users ADD COLUMN full_name text;
