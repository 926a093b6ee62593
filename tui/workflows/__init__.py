"""What the CLI and the console both do, as functions over a :class:`tui.config.Project`.

Each workflow takes the project, a ``progress(message)`` callback and a ``cancelled()`` hook
(see :mod:`tui.workflows.hooks`) and returns the engine's data objects; printing belongs to
``tui/commands``, showing to ``tui/app``. Modules: ``sides`` (resolve SOURCE/TARGET),
``drift`` (compare), ``new`` (a migration from drift), ``envs`` (environment overview),
``review`` (which files to review), ``status`` (migrations × environments).
"""
