"""The one exception type users see: its message is a single clear sentence, never a traceback."""


class DriftdeckError(Exception):
    """A problem the user can act on. ``str(err)`` is the whole message shown to them.

    The CLI prints it as ``driftdeck: <message>`` and exits 1; the console shows it in an
    error panel. Messages never contain passwords: whatever a caller puts in, a
    ``user:password@`` or ``password=`` in it is masked here (:func:`tui.urls.mask_text`).
    """

    def __init__(self, message: str = "", *args) -> None:
        from tui.urls import mask_text

        super().__init__(mask_text(str(message)), *args)
