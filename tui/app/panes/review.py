"""The Review pane: a migration's SQL with every risky statement painted in its risk colour,
the findings beside it, the current one explained (why, lock taken, safer SQL), the verdict.

Which migration: the ones pending for the current TARGET (a list to pick from; the first
with findings opens), or a file sent with :class:`tui.app.messages.OpenInReview`. `n`/`p`
move between findings, `a` acknowledges the current one (a reason, then the ignore comment
is written into the file by :func:`tui.migrations.acknowledge.acknowledge`) and re-reviews.
Reviewing, colouring and history reads run in thread workers (DESIGN.md rule 4).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui.app.panes.loading import LoadingPane, WorkFailed
from tui.app.widgets.finding_detail import FindingDetail, risk_badge
from tui.app.widgets.sql_view import RiskMark, SqlContent, SqlView, prepare
from tui.errors import DriftdeckError
from tui.review.model import BLOCKED, REVIEW, SAFE_TO_DEPLOY, FileReport, Finding
from tui.review.suppress import META as IGNORE_META

BIG_FILE_LINES = 20_000  # above this the syntax colouring is skipped (risk marks stay); textual-notes §2.1
WRAP_LINES = 5_000  # long lines wrap below this size (re-wrapping on resize stays quick)
VERDICT_CLASS = {SAFE_TO_DEPLOY: "verdict-safe", REVIEW: "verdict-review", BLOCKED: "verdict-blocked"}


@dataclass(frozen=True)
class Entry:
    """One migration in the pick list."""

    path: Path
    label: str
    verdict: str | None


class PendingListed(Message):
    def __init__(self, target: str | None, entries: list[Entry], note: str, reports: dict) -> None:
        super().__init__()
        self.target, self.entries, self.note, self.reports = target, entries, note, reports


class FileReviewed(Message):
    def __init__(self, report: FileReport, content: SqlContent, locks: dict, keep: int | None) -> None:
        super().__init__()
        self.report, self.content, self.locks, self.keep = report, content, locks, keep


def _label(path: Path) -> str:
    """How the list names a migration: its file's stem, or its folder for Prisma's ``migration.sql``."""
    return path.parent.name if path.name == "migration.sql" else path.stem


def _entry_prompt(entry: Entry) -> Text:
    """``● name  id``: the verdict's colour, the migration's name, its id (dim)."""
    colour = {SAFE_TO_DEPLOY: "green", REVIEW: "yellow", BLOCKED: "red"}.get(entry.verdict or "", "dim")
    ident, _, name = entry.label.partition("_")
    if not name or not ident.isdigit():
        ident, name = "", entry.label
    return Text.assemble(("● ", colour), name, (f"  {ident}" if ident else "", "dim"))


class ReviewPane(LoadingPane):
    """Every risky statement of a migration, why it is risky, and the safe form."""

    DEFAULT_CSS = """
    ReviewPane #review-banner { height: 1; padding: 0 1; background: $panel; }
    ReviewPane #review-banner.verdict-safe { background: $success 60%; color: $text; }
    ReviewPane #review-banner.verdict-review { background: $warning 70%; color: $text; }
    ReviewPane #review-banner.verdict-blocked { background: $error 70%; color: $text; }
    ReviewPane #review-side { width: 34%; min-width: 28; max-width: 60; border-right: vkey $panel-lighten-2; }
    ReviewPane .review-heading { height: 1; padding: 0 1; color: $text-muted; text-style: bold; }
    ReviewPane #review-side OptionList { border: none; padding: 0; text-wrap: nowrap; text-overflow: ellipsis; }
    ReviewPane #review-side OptionList:focus { background-tint: $foreground 5%; }
    ReviewPane #review-files { height: auto; max-height: 35%; }
    ReviewPane #review-findings { height: 1fr; }
    ReviewPane #review-main { width: 1fr; }
    ReviewPane #review-sql { border: none; padding: 0; }
    """
    BINDINGS = [
        Binding("n", "next_finding", "Next finding", id="review-next"),
        Binding("p", "previous_finding", "Prev finding", id="review-prev"),
        Binding("a", "acknowledge", "Acknowledge", id="review-ack"),
        Binding("o", "pick_file", "Pick migration", id="review-pick"),
    ]
    WORK_GROUPS = ("review-list", "review-file")
    FAILED = "The review failed"
    FOCUS = "#review-findings"

    def __init__(self, project, **kwargs) -> None:
        super().__init__(project, **kwargs)
        self.report: FileReport | None = None
        self.findings: list[Finding] = []
        self.locks: dict[int, list] = {}
        self._reports: dict[Path, FileReport] = {}  # the list's reviews, reused while a file is unchanged
        self.entries: list[Entry] = []
        self._opened: Path | None = None  # a file sent by OpenInReview, kept at the top of the list
        self._note = ""

    def compose(self) -> ComposeResult:
        yield Static("Reviewing…", id="review-banner", markup=False)
        with Horizontal():
            with Vertical(id="review-side"):
                yield Static("Pending migrations", classes="review-heading", id="review-files-heading")
                yield OptionList(id="review-files")
                yield Static("Findings", classes="review-heading", id="review-findings-heading")
                yield OptionList(id="review-findings")
            with Vertical(id="review-main"):
                yield SqlView(id="review-sql")
                yield FindingDetail(id="review-detail")

    # ------------------------------------------------------------ loading

    def load(self) -> None:
        self._list_pending(self.target, self._opened)

    def open(self, path) -> None:
        """Review ``path`` now (the shell calls this for :class:`OpenInReview`)."""
        self._opened = Path(path).resolve()
        self._stale = False
        self.clear_error()
        self.load()

    # ------------------------------------------------------------ workers

    @work(thread=True, exclusive=True, exit_on_error=False, group="review-list")
    def _list_pending(self, target: str | None, opened: Path | None) -> None:
        """Pending migrations for TARGET, each reviewed for its verdict badge; then open one."""
        from tui.migrations.layouts import load_folder
        from tui.migrations.status import environment_status
        from tui.review import options_for, review_files

        worker = get_current_worker()
        note = ""
        try:
            folder = load_folder(self.project)
            env = next((e for e in self.project.environments if e.name == target), None)
            if env is None:
                paths = [m.path for m in folder.migrations]
                note = "every migration (no TARGET picked)"
            else:
                status = environment_status(self.project, env, folder)
                if status.reachable:
                    paths = [m.path for m in status.pending]
                    note = f"pending for {env.name}"
                else:
                    paths = [m.path for m in folder.migrations]
                    note = f"every migration ({env.name} cannot be read)"
            if opened is not None and opened not in [p.resolve() for p in paths]:
                paths = [opened, *paths]
            options = options_for(self.project)
            report = review_files(paths, options) if paths else None
        except DriftdeckError as err:
            if not worker.is_cancelled:
                self.post_message(WorkFailed(str(err)))
            return
        reports = {Path(f.path).resolve(): f for f in report.files} if report else {}
        entries = [Entry(p, _label(p), reports[p.resolve()].verdict if p.resolve() in reports else None) for p in paths]
        if not worker.is_cancelled:
            self.post_message(PendingListed(target, entries, note, reports))

    @work(thread=True, exclusive=True, exit_on_error=False, group="review-file")
    def _review_file(
        self,
        path: Path,
        keep: int | None = None,
        acknowledge: tuple[FileReport, Finding, str] | None = None,
        cached: FileReport | None = None,
    ) -> None:
        """Review one file (after writing an acknowledgement, when asked; ``cached``: the list's
        review of it, used when the file has not changed since) and colour it."""
        from tui.apply.locks import estimate_locks
        from tui.migrations.acknowledge import acknowledge as write_ack
        from tui.review import options_for, review_files
        from tui.review.engine import read_source

        worker = get_current_worker()
        try:
            if acknowledge is not None:
                write_ack(*acknowledge)
            if cached is None or read_source(path)[0] != cached.text:
                cached = review_files([path], options_for(self.project)).files[0]
            report = cached
        except DriftdeckError as err:
            if not worker.is_cancelled:
                self.post_message(WorkFailed(str(err), lambda: self._review_file(path)))
            return
        content = prepare(report.text, colour=report.text.count("\n") < BIG_FILE_LINES)
        locks: dict[int, list] = {}
        for lk in estimate_locks(report):
            locks.setdefault(report.statements[lk.statement - 1].index, []).append(lk)
        if not worker.is_cancelled:
            self.post_message(FileReviewed(report, content, locks, keep))

    # ------------------------------------------------------------ showing results

    @on(PendingListed)
    def _show_pending(self, message: PendingListed) -> None:
        self.entries = message.entries
        self._reports = message.reports
        self._note = message.note
        files = self.query_one("#review-files", OptionList)
        files.clear_options()
        files.add_options(
            [Option(_entry_prompt(e), id=str(i)) for i, e in enumerate(self.entries)]
        )
        heading = message.note[:1].upper() + message.note[1:] if message.note else "Migrations"
        self.query_one("#review-files-heading", Static).update(f"{heading} ({len(self.entries)})")
        if not self.entries:
            self._show_nothing(f"No migrations {message.note or 'to review'}: nothing to review.")
            return
        pick = 0
        if self._opened is not None:
            pick = next((i for i, e in enumerate(self.entries) if e.path.resolve() == self._opened), 0)
        else:
            pick = next((i for i, e in enumerate(self.entries) if e.verdict in (BLOCKED, REVIEW)), 0)
        files.highlighted = pick
        path = self.entries[pick].path
        self._review_file(path, cached=self._reports.get(path.resolve()))

    def _show_nothing(self, sentence: str) -> None:
        self.report = None
        self.findings = []
        banner = self.query_one("#review-banner", Static)
        banner.set_classes("")
        banner.update(sentence)
        self.query_one("#review-findings", OptionList).clear_options()
        self.query_one(SqlView).show(SqlContent("", {}, [0]))
        self.query_one(FindingDetail).show(None)

    @on(FileReviewed)
    def _show_report(self, message: FileReviewed) -> None:
        self.clear_error()
        keep = message.keep
        if keep is None and self.report is not None and self.report.path == message.report.path:
            keep = self.query_one("#review-findings", OptionList).highlighted  # same file again: stay put
        report = self.report = message.report
        self.locks = message.locks
        self.findings = report.active
        self._update_banner(report)
        view = self.query_one(SqlView)
        view.soft_wrap = message.content.text.count("\n") < WRAP_LINES
        view.show(message.content, [RiskMark(f.span[0], f.span[1], f.risk) for f in self.findings])
        listing = self.query_one("#review-findings", OptionList)
        listing.clear_options()
        listing.add_options(
            [Option(Text.assemble(risk_badge(f.risk, short=True), " ", (f.rule, "bold"), "  ", (f.title, "dim")), id=str(i))
             for i, f in enumerate(self.findings)]
        )
        self.query_one("#review-findings-heading", Static).update(f"Findings ({len(self.findings)})")
        self._refresh_entry_verdict(report)
        if self.findings:
            index = min(keep or 0, len(self.findings) - 1)
            listing.highlighted = index
            self._select(index)
        else:
            self.query_one(FindingDetail).show(None, empty="No findings: nothing risky in this migration.")

    def _update_banner(self, report: FileReport) -> None:
        counts = {r: sum(1 for f in report.active if f.risk == r) for r in ("high", "medium", "low")}
        acked = len(report.findings) - len(report.active)
        banner = self.query_one("#review-banner", Static)
        banner.set_classes(VERDICT_CLASS[report.verdict])
        text = Text.assemble(
            (f" {report.verdict} ", "bold"),
            f" {Path(report.path).name} · {counts['high']} high · {counts['medium']} medium · {counts['low']} low",
            f" · {acked} acknowledged" if acked else "",
        )
        banner.update(text)

    def _refresh_entry_verdict(self, report: FileReport) -> None:
        path = Path(report.path).resolve()
        files = self.query_one("#review-files", OptionList)
        for i, e in enumerate(self.entries):
            if e.path.resolve() == path and e.verdict != report.verdict:
                self.entries[i] = Entry(e.path, e.label, report.verdict)
                files.replace_option_prompt_at_index(i, _entry_prompt(self.entries[i]))

    def _select(self, index: int) -> None:
        finding = self.findings[index]
        view = self.query_one(SqlView)
        view.jump_to(RiskMark(finding.span[0], finding.span[1], finding.risk))
        self.query_one(FindingDetail).show(finding, self.locks.get(finding.statement_index, []))

    @property
    def current(self) -> Finding | None:
        """The finding shown in the detail panel."""
        index = self.query_one("#review-findings", OptionList).highlighted
        return self.findings[index] if self.findings and index is not None and index < len(self.findings) else None

    # ------------------------------------------------------------ user actions

    @on(OptionList.OptionHighlighted, "#review-findings")
    def _finding_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if 0 <= event.option_index < len(self.findings):
            self._select(event.option_index)

    @on(OptionList.OptionSelected, "#review-files")
    def _file_selected(self, event: OptionList.OptionSelected) -> None:
        entry = self.entries[event.option_index]
        if self.report is None or Path(self.report.path).resolve() != entry.path.resolve():
            self._review_file(entry.path, cached=self._reports.get(entry.path.resolve()))
        self.query_one("#review-findings", OptionList).focus()

    def _move(self, step: int) -> None:
        if not self.findings:
            self.app.bell()
            return
        listing = self.query_one("#review-findings", OptionList)
        current = listing.highlighted
        listing.highlighted = 0 if current is None else (current + step) % len(self.findings)

    def action_next_finding(self) -> None:
        self._move(1)

    def action_previous_finding(self) -> None:
        self._move(-1)

    def action_pick_file(self) -> None:
        self.query_one("#review-files", OptionList).focus()

    def action_acknowledge(self) -> None:
        finding, report = self.current, self.report
        if finding is None or report is None:
            self.notify("No finding to acknowledge here.", severity="warning")
            return
        if finding.rule in IGNORE_META:
            self.notify(f"{finding.rule} is about an ignore comment itself: fix that comment in the file.", severity="warning")
            return
        from tui.app.screens.acknowledge import AcknowledgeScreen

        index = self.findings.index(finding)

        def done(reason: str | None) -> None:
            if reason:
                self._review_file(Path(report.path), keep=index, acknowledge=(report, finding, reason))

        self.app.push_screen(AcknowledgeScreen(finding, Path(report.path).name), done)
