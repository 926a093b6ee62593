"""Headless subcommands: one module per command, each a thin layer over an engine.

A command module defines ``register(subparsers)``, which adds its parser and sets
``run=<function(args, ctx) -> exit code>`` as the parser's default. ``tui.cli`` lists the
modules in ``COMMANDS``. Commands raise :class:`tui.errors.DriftdeckError` for anything the
user must fix; the CLI prints it as one sentence and exits 1.
"""
