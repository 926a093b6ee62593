"""Migration folders of every supported layout, history tables, checksums and status."""
