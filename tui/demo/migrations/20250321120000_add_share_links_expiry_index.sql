-- The expiry sweeper scans share links by expiry; build the index without blocking writes.
CREATE INDEX CONCURRENTLY IF NOT EXISTS share_links_expires_at_idx
    ON share_links (expires_at)
    WHERE expires_at IS NOT NULL;

-- migrate:down
DROP INDEX CONCURRENTLY IF EXISTS share_links_expires_at_idx;
