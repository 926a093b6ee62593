"""Passes over a plan state (pure): each takes a :class:`tui.schema.sqlgen.state.PlanState` and returns it.

- :mod:`.type_swaps`: enum rebuilds and domain base-type swaps;
- :mod:`.function_users`: defaults, checks, indexes and domains detached from a function that goes;
- :mod:`.dependants`: what a rebuild drags along (foreign keys, views, functions, triggers,
  policies) and the drops of views, functions and tables, dependants first.
"""
