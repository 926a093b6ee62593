-- Every user has a plan: backfill the old rows, then make the column required.
UPDATE users SET plan = 'free' WHERE plan IS NULL;

ALTER TABLE users ALTER COLUMN plan SET NOT NULL;

-- migrate:down
ALTER TABLE users ALTER COLUMN plan DROP NOT NULL;
