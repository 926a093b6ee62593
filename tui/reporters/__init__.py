"""Reporters: engine results rendered for people (rich) and scripts (JSON). The engine packages
(``schema/``, ``migrations/``) stay pure data; anything that formats for a terminal lives here.
The review's reporters are in :mod:`tui.review.reporters`."""
