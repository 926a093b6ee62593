"""Tests of the migrations engine: layouts, history tables, status, replay, new migrations, commands."""
