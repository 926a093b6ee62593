"""Console screens (modes and wizards)."""
