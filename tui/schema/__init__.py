"""Pure schema model, diff and SQL generation: no I/O, no Textual."""
