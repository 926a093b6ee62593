"""The Friday sync: the team's weekly path as steps, where it stands (``.driftdeck/friday.json``), and its summary.

Steps (:data:`STEPS`), each done in the console's existing panes: environments reachable and
what is pending where → drift between two environments → pick the changes to keep → a
migration generated from them → its review → applied to staging through the apply wizard →
applied to prod through the wizard → logged. The state records the step reached, the pair
compared, the migration written and the apply runs (run id, outcome), so the path can be
left and resumed, by the same person or a teammate. :func:`summary` is the short text a
person pastes into the team's channel. Saved with :func:`tui.files.write_atomic`, pretty and
with sorted keys.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from tui.errors import DriftdeckError

FORMAT = 1
# (id, title, what the person does there)
STEPS = (
    ("envs", "Environments", "Check every environment is reachable and what is pending where."),
    ("drift", "Drift", "Look at what differs between SOURCE and TARGET (the Drift pane)."),
    ("pick", "Pick changes", "Select the changes to keep in the drift tree (space), then n to write the migration."),
    ("review", "Review", "Read the new migration's findings; fix or acknowledge them (a)."),
    ("staging", "Apply to staging", "Apply the pending migrations to staging through the apply wizard."),
    ("prod", "Apply to prod", "Apply them to prod through the apply wizard (its name typed)."),
    ("logged", "Logged", "Copy the summary into the team's channel."),
)
STEP_IDS = tuple(s[0] for s in STEPS)


@dataclass
class FridayState:
    step: str = STEP_IDS[0]
    started_at: str | None = None
    by: str | None = None
    source: str | None = None
    target: str | None = None
    migration: str | None = None  # the file written at "pick" (relative to the project)
    runs: dict = field(default_factory=dict)  # env → {"run_id", "outcome", "migrations": [...], "at"}
    done: list = field(default_factory=list)  # step ids done

    @property
    def index(self) -> int:
        return STEP_IDS.index(self.step)

    def to_dict(self) -> dict:
        return {"format": FORMAT, **asdict(self)}


def state_path(project) -> Path:
    return Path(project.root) / ".driftdeck" / "friday.json"


def now_text() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def load(project) -> FridayState:
    """Where the current Friday sync stands (a fresh one when none was started)."""
    path = state_path(project)
    if not path.exists():
        return FridayState()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DriftdeckError(f"{path} cannot be read ({err}); delete it to start the Friday sync again.") from None
    data.pop("format", None)
    known = {k: v for k, v in data.items() if k in FridayState.__dataclass_fields__}
    state = FridayState(**known)
    if state.step not in STEP_IDS:
        state.step = STEP_IDS[0]
    return state


def save(project, state: FridayState) -> FridayState:
    from tui.files import write_atomic

    path = state_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(state.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    return state


def start(project, by: str) -> FridayState:
    """A new Friday sync (the previous one's state is replaced)."""
    return save(project, FridayState(started_at=now_text(), by=by))


def advance(project, state: FridayState, step: str | None = None) -> FridayState:
    """Mark ``step`` (default: the current one) done and move to the step after it."""
    step = step or state.step
    if step not in state.done:
        state.done.append(step)
    i = STEP_IDS.index(step)
    if i + 1 < len(STEP_IDS) and STEP_IDS.index(state.step) <= i:
        state.step = STEP_IDS[i + 1]
    return save(project, state)


def record_pair(project, state: FridayState, source: str | None, target: str | None) -> FridayState:
    state.source, state.target = source, target
    return save(project, state)


def record_migration(project, state: FridayState, path: Path) -> FridayState:
    """The migration written from the picked changes; moves the path on to its review."""
    try:
        state.migration = str(Path(path).resolve().relative_to(Path(project.root).resolve()))
    except ValueError:
        state.migration = str(path)
    for step in ("drift", "pick"):
        if step not in state.done:
            state.done.append(step)
    if STEP_IDS.index(state.step) < STEP_IDS.index("review"):
        state.step = "review"
    return save(project, state)


def new_migration(project, state: FridayState) -> Path | None:
    """The migration file written since this sync started (the newest), while the path has none yet."""
    if state.migration or state.started_at is None or STEP_IDS.index(state.step) > STEP_IDS.index("pick"):
        return None
    from tui.migrations.layouts import load_folder

    since = datetime.fromisoformat(state.started_at).timestamp() - 1
    try:
        paths = [m.path for m in load_folder(project).migrations]
    except DriftdeckError:
        return None
    fresh = [p for p in paths if p.exists() and p.stat().st_mtime >= since]
    return max(fresh, key=lambda p: p.stat().st_mtime) if fresh else None


def record_apply(project, state: FridayState, env: str, entry) -> FridayState:
    """An apply wizard run on ``env`` (its audit entry); a successful one completes that step."""
    state.runs[env] = {"run_id": entry.run_id, "outcome": entry.outcome, "migrations": list(entry.migrations),
                       "at": now_text()}
    step = env if env in ("staging", "prod") else None
    if step and entry.outcome == "applied":
        return advance(project, state, step)
    return save(project, state)


def default_pair(project) -> tuple[str | None, str | None]:
    """The drift a Friday sync looks at first: the first environment → staging (the one before the last)."""
    names = project.env_names()
    return (names[0] if names else None), apply_env(project, "staging")


def apply_env(project, step: str) -> str | None:
    """The environment the step applies to: staging is the one before the last, prod the last."""
    names = project.env_names()
    if step == "prod":
        return names[-1] if names else None
    if step == "staging":
        return names[-2] if len(names) >= 2 else None
    return None


def pending_on(project, env: str) -> list[str]:
    """The migration files not yet applied on ``env``, in apply order (reads its history: a connection)."""
    from tui.migrations.status import pending_files

    return [p.name for p in pending_files(project, project.env(env))]


def overlap_note(source: str | None, target: str, pending: list[str]) -> str | None:
    """What the drift step says when ``target`` has migrations still to apply: the drift from ``source``
    may list their changes too (when ``source`` has them), and picking those again would write them twice."""
    if not pending:
        return None
    names = ", ".join(pending[:2]) + (f" and {len(pending) - 2} more" if len(pending) > 2 else "")
    return (f"{target} has {len(pending)} pending migration(s): {names}. Where {source or 'SOURCE'} already has"
            f" them, this drift lists their changes too: do not pick those again. To avoid that, apply them to"
            f" {target} first (Apply wizard, from the palette), or compare migrations → {target} (s in the Drift"
            " pane) to see which changes they cover.")


def summary(project, state: FridayState) -> str:
    """The short text a person pastes into the team's channel."""
    day = (state.started_at or now_text())[:10]
    lines = [f"Friday sync {day} ({project.display_name})" + (f", by {state.by}" if state.by else "")]
    if state.source and state.target:
        lines.append(f"- drift reviewed: {state.source} → {state.target}")
    if state.migration:
        lines.append(f"- new migration: {state.migration}")
    for step in ("staging", "prod"):
        env = apply_env(project, step)
        run = state.runs.get(env or "")
        if run:
            n = len(run.get("migrations") or ())
            lines.append(f"- {env}: {run['outcome']}, {n} migration(s) (run {run['run_id']})")
        elif env:
            lines.append(f"- {env}: not applied")
    if state.runs:
        lines.append(f"- every run, with its backup and smoke checks: `{project.command} log`")
    open_steps = [title for sid, title, _ in STEPS if sid not in state.done and sid != "logged"]
    lines.append("- all steps done" if not open_steps else f"- still open: {', '.join(open_steps)}")
    return "\n".join(lines)
