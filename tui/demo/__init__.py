"""The demo project: migrations and seed data for dev, staging and prod on the embedded server."""
