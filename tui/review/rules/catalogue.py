"""The rule catalogue: every rule's stable id, risk and one-line title, grouped by category.

Ids are kebab-case and stable: users write them in ``-- driftdeck:ignore <id> -- reason``
comments and in ``[review] ignore``. Risk: high = destructive (or the migration cannot
run), medium = locks, rewrites, renames, big DML, authorisation, transaction mistakes,
low = additive; hygiene rules are low and opt-in (``[review] hygiene = true``).
"""

from __future__ import annotations

from tui.review.model import Rule

_R = Rule

RULES: tuple[Rule, ...] = (
    # the file itself
    _R("syntax-error", "high", "Statement does not parse", "meta"),
    _R("not-a-text-file", "high", "File is not UTF-8 text (or holds NUL bytes)", "meta"),
    _R("empty-migration", "medium", "Migration holds no statement", "meta"),
    _R("psql-meta-command", "low", "psql meta-command (only psql runs it)", "meta"),
    _R("ignore-missing-reason", "medium", "Ignore comment without a reason", "meta"),
    _R("ignore-unknown-rule", "low", "Ignore comment names an unknown rule", "meta"),
    _R("ignore-unused", "low", "Ignore comment matches no finding", "meta"),
    # transactions and timeouts
    _R("lock-timeout-missing", "medium", "DDL runs without a lock_timeout", "transaction"),
    _R("statement-timeout-missing", "low", "DDL runs without a statement_timeout", "transaction"),
    _R("non-transactional-in-transaction", "medium", "Statement cannot run inside a transaction", "transaction"),
    _R("enum-value-used-in-transaction", "medium", "New enum value used in the transaction that added it", "transaction"),
    _R("transaction-nesting", "medium", "Transaction control out of place", "transaction"),
    _R("transaction-not-committed", "medium", "Transaction not committed", "transaction"),
    _R("validate-in-same-transaction", "medium", "Constraint added NOT VALID and validated in one transaction", "transaction"),
    _R("ddl-and-dml-same-transaction", "medium", "Data change in a transaction that holds DDL locks", "transaction"),
    _R("prefer-robust-stmts", "low", "Non-transactional statement is not safe to re-run", "transaction"),
    _R("opaque-code", "medium", "Code the review cannot see into", "transaction"),
    # destructive
    _R("drop-database", "high", "Drops a database", "destructive"),
    _R("drop-table", "high", "Drops a table", "destructive"),
    _R("drop-column", "high", "Drops a column", "destructive"),
    _R("drop-schema", "high", "Drops a schema", "destructive"),
    _R("drop-sequence", "high", "Drops a sequence", "destructive"),
    _R("truncate", "high", "Truncates a table", "destructive"),
    _R("cascade", "high", "CASCADE removes dependent objects too", "destructive"),
    _R("delete-without-where", "high", "DELETE without WHERE", "destructive"),
    _R("alter-type-drop-value", "high", "ALTER TYPE … DROP VALUE does not exist in PostgreSQL", "destructive"),
    _R("drop-object", "medium", "Drops a database object", "destructive"),
    # locking and rewrites
    _R("create-index-non-concurrent", "medium", "CREATE INDEX without CONCURRENTLY blocks writes", "locking"),
    _R("drop-index-non-concurrent", "medium", "DROP INDEX without CONCURRENTLY blocks the table", "locking"),
    _R("reindex-non-concurrent", "medium", "REINDEX without CONCURRENTLY blocks writes", "locking"),
    _R("add-constraint-validated", "medium", "Adding a CHECK or FOREIGN KEY scans the table under lock", "locking"),
    _R("domain-constraint-validated", "medium", "Adding a domain constraint checks every column of the domain under lock", "locking"),
    _R("add-unique-constraint", "medium", "Adding a UNIQUE or PRIMARY KEY constraint builds an index under lock", "locking"),
    _R("add-exclusion-constraint", "medium", "Adding an EXCLUDE constraint builds an index under lock", "locking"),
    _R("set-not-null", "medium", "SET NOT NULL scans the table under ACCESS EXCLUSIVE", "locking"),
    _R("change-column-type", "medium", "Changing a column's type can rewrite the table", "rewrite"),
    _R("add-column-rewrite", "medium", "Added column rewrites the table", "rewrite"),
    _R("add-column-required", "medium", "NOT NULL column added without a default", "locking"),
    _R("rewrite-maintenance", "medium", "Table rewrite under ACCESS EXCLUSIVE", "rewrite"),
    _R("refresh-mv-non-concurrent", "medium", "REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks reads", "locking"),
    _R("detach-partition-non-concurrent", "medium", "DETACH PARTITION without CONCURRENTLY blocks the parent", "locking"),
    _R("attach-partition", "medium", "ATTACH PARTITION scans the partition under lock", "locking"),
    _R("lock-table", "medium", "Explicit LOCK TABLE", "locking"),
    _R("concurrent-index-pg14-bug", "medium", "Concurrent index builds can corrupt indexes on PostgreSQL 14.0–14.3", "locking"),
    # data
    _R("update-without-where", "medium", "UPDATE without WHERE rewrites every row", "data"),
    _R("bulk-dml", "medium", "Backfill or bulk data change in a migration", "data"),
    _R("copy-bulk-load", "medium", "Bulk load with COPY … FROM", "data"),
    # compatibility
    _R("rename-column", "medium", "Renames a column", "compatibility"),
    _R("rename-table", "medium", "Renames a table", "compatibility"),
    _R("rename-object", "medium", "Renames a schema, index, type, constraint or enum value", "compatibility"),
    _R("set-schema", "medium", "Moves an object to another schema", "compatibility"),
    _R("drop-not-null", "medium", "Drops a NOT NULL constraint", "compatibility"),
    _R("drop-constraint", "medium", "Drops a constraint", "compatibility"),
    _R("change-default", "medium", "Sets or drops a column default", "compatibility"),
    _R("replace-view-or-function", "medium", "CREATE OR REPLACE of a view or function", "compatibility"),
    _R("side-effects", "medium", "Change with side effects beyond the schema", "compatibility"),
    # authorisation
    _R("authz-change", "medium", "Changes who can see or change data", "authorisation"),
    # additive
    _R("enum-add-value", "low", "Adds an enum value", "additive"),
    _R("create-table", "low", "Creates a table", "additive"),
    _R("add-column", "low", "Adds a nullable column (or one with a constant default)", "additive"),
    _R("create-index-concurrently", "low", "Builds an index CONCURRENTLY", "additive"),
    _R("drop-index-concurrently", "low", "Drops an index CONCURRENTLY", "additive"),
    _R("add-constraint-not-valid", "low", "Adds a constraint NOT VALID", "additive"),
    _R("validate-constraint", "low", "Validates a constraint", "additive"),
    _R("add-constraint-using-index", "low", "Adds a constraint USING an existing index", "additive"),
    _R("catalog-only", "low", "Catalog-only change", "additive"),
    _R("create-trigger", "low", "Creates a trigger", "additive"),
    _R("refresh-mv-concurrently", "low", "Refreshes a materialized view CONCURRENTLY", "additive"),
    # hygiene (opt-in)
    _R("prefer-bigint-over-int", "low", "int/serial primary key will run out", "hygiene", True),
    _R("ban-char-field", "low", "char(n) pads with spaces", "hygiene", True),
    _R("prefer-text-field", "low", "varchar(n) limit is hard to change", "hygiene", True),
    _R("prefer-timestamptz", "low", "timestamp without time zone", "hygiene", True),
    _R("prefer-jsonb", "low", "json instead of jsonb", "hygiene", True),
    _R("identifier-too-long", "low", "Identifier longer than 63 bytes is truncated", "hygiene", True),
    _R("require-primary-key", "low", "Table without a primary key", "hygiene", True),
    _R("fk-on-delete-cascade", "low", "Foreign key with ON DELETE CASCADE", "hygiene", True),
    _R("wide-index", "low", "Non-unique index with more than 3 columns", "hygiene", True),
    _R("require-schema-qualified", "low", "Table name without a schema", "hygiene", True),
)
