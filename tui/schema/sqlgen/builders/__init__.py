"""Statement builders, one module per object family (pure).

Each module builds :class:`tui.schema.sqlgen.statement.PlannedStatement` objects for its
family and has a ``plan_<family>(state, change)`` that puts one change's statements into the
right :class:`tui.schema.sqlgen.statement.Phase` of a :class:`tui.schema.sqlgen.state.PlanState`.
Names arrive from the model already quoted and qualified.
"""
