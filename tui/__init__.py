"""driftdeck: keep PostgreSQL dev, staging and prod in sync and ship schema changes safely."""

__version__ = "0.1.0"
