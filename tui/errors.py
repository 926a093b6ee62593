"""The one exception type users see: its message is a single clear sentence, never a traceback."""


class DriftdeckError(Exception):
    """A problem the user can act on. ``str(err)`` is the whole message shown to them.

    The CLI prints it as ``driftdeck: <message>`` and exits 1; the console shows it in an
    error panel. Messages never contain passwords (mask URLs with ``tui.pg.connect.mask_url``).
    """
