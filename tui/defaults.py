"""Defaults that several parts of driftdeck must agree on, in one place.

The timeouts every apply sets (``[apply] lock_timeout`` / ``statement_timeout`` override
them): the project file, the SQL generator's header and the review's advice all read these.
"""

LOCK_TIMEOUT = "5s"
STATEMENT_TIMEOUT = "15min"
