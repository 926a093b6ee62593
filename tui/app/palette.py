"""The command palette's driftdeck commands (ctrl+p): every console action under a fixed title.

The titles are a contract (tests and docs use them): ``Show environments``, ``Show drift``,
``Show migrations``, ``Show review``, ``Pick source``, ``Pick target``, ``Refresh``,
``Toggle live refresh``, ``New migration from selection``, ``Apply wizard``, ``Launch checklist``,
``Friday sync``. Each runs an app action.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Provider

# (title, app action, help) in the order the palette lists them.
COMMANDS = (
    ("Show environments", "show_environments", "Focus the environment list: reachability, versions, pending migrations"),
    ("Show drift", "show_pane('drift')", "What differs between SOURCE and TARGET"),
    ("Show migrations", "show_pane('migrations')", "Which migration is applied where"),
    ("Show review", "show_pane('review')", "Risky statements of a migration, and the safe form"),
    ("Pick source", "pick('source')", "Choose the desired schema: an environment or the migrations folder"),
    ("Pick target", "pick('target')", "Choose the environment to bring in line"),
    ("Refresh", "refresh", "Read the current pane's data again"),
    ("Toggle live refresh", "toggle_live", "Refresh the drift every few seconds"),
    ("New migration from selection", "new_from_selection", "Write a migration from the selected drift changes"),
    ("Friday sync", "friday_sync", "The weekly path: environments, drift, a migration, review, staging, prod, summary"),
    ("Launch checklist", "launch_checklist", "The pre-launch timeline: schema freeze, final sync, verification, launch day"),
    ("Apply wizard", "apply_wizard", "Apply TARGET's pending migrations step by step: plan, checklist, rehearsal, backup, apply, smoke"),
)


class DriftdeckCommands(Provider):
    """driftdeck's actions for the command palette."""

    async def discover(self):
        for title, action, help_text in COMMANDS:
            yield DiscoveryHit(title, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str):
        matcher = self.matcher(query)
        for title, action, help_text in COMMANDS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self.app.run_action, action), help=help_text)
