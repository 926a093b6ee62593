"""Environment health: is each environment reachable, and which server version does it run.

Used by ``driftdeck envs`` and by the console's environment bar. Probes run in parallel,
read-only, with a short timeout, and never raise: a problem becomes one sentence.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from tui.config import Environment
from tui.errors import DriftdeckError
from tui.pg.connect import probe


@dataclass(frozen=True)
class EnvHealth:
    """What is known about one environment after a probe."""

    name: str
    url: str  # masked
    protected: bool
    reachable: bool
    version: str | None
    problem: str | None  # one sentence when unreachable or not configured


def check_env(env: Environment, timeout: int = 5) -> EnvHealth:
    """Probe one environment (read-only); never raises."""
    try:
        info = probe(env.url, label=f"environment {env.name}", timeout=timeout)
        return EnvHealth(env.name, env.display_url, env.protected, True, info.version, None)
    except DriftdeckError as err:
        return EnvHealth(env.name, env.display_url, env.protected, False, None, str(err))


def check_envs(envs, timeout: int = 5) -> list[EnvHealth]:
    """Probe all environments in parallel; results in promotion order."""
    envs = list(envs)
    if not envs:
        return []
    with ThreadPoolExecutor(max_workers=min(8, len(envs))) as pool:
        return list(pool.map(lambda e: check_env(e, timeout), envs))
