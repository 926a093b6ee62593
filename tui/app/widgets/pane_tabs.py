"""The tabs holding the panes: Textual's TabbedContent, minus two races that switched tabs back.

TabbedContent follows focus and its tab bar through queued messages: a widget focused in a
tab posts ``TabPane.Focused``, the tab bar posts ``Tabs.TabActivated`` (also once at start).
When the tab is switched (a key, OpenInReview) before such a message is handled, the stale
message switched straight back. Here a focus message counts only while focus is still inside
that tab, and a tab-bar message only while that tab is still the bar's active one.
"""

from __future__ import annotations

from textual.widgets import TabbedContent, TabPane, Tabs


class PaneTabs(TabbedContent):
    """TabbedContent that ignores focus and tab-bar messages the user has already moved past."""

    def _on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        if self._is_associated_tabs(event.tabs) and event.tabs.active != event.tab.id:
            event.stop()
            return
        super()._on_tabs_tab_activated(event)

    def _on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        focused = self.screen.focused
        if focused is None or event.tab_pane not in focused.ancestors:
            event.stop()
            return
        super()._on_tab_pane_focused(event)
