"""The typed confirmation before a step that changes an environment (apply, restore, rollback).

A protected environment needs its name typed (``--confirm prod``); ``--yes`` alone is refused
for it. Another environment needs ``--yes`` (or its name) when ``needs_yes`` — restore, which
replaces data — and nothing more otherwise. :func:`refusal` returns the one sentence that
refuses, or None when the run may go on.
"""

from __future__ import annotations


def refusal(env, *, confirm: str | None, yes: bool, verb: str, needs_yes: bool = True) -> str | None:
    """The sentence refusing an unconfirmed ``verb`` (e.g. "restore") of ``env``, or None when confirmed."""
    if confirm == env.name:
        return None
    if confirm:
        return f"--confirm {confirm} does not match the environment: type --confirm {env.name} to {verb} it."
    if env.protected:
        if yes:
            return f"{env.name} is protected: --yes alone is not enough, add --confirm {env.name} to {verb} it."
        return f"{env.name} is protected: add --confirm {env.name} to {verb} it."
    if yes or not needs_yes:
        return None
    return f"{verb} replaces {env.name}'s data: add --yes (or --confirm {env.name}) to {verb} it."
