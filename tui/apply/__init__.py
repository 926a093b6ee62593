"""Guided apply: plan, checklist, rehearsal, backup, apply runner, smoke checks, rollback, audit log."""
