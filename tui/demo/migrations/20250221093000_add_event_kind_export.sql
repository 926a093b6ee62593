-- A new analytics event for CSV exports.
ALTER TYPE event_kind ADD VALUE IF NOT EXISTS 'export';
