"""Building frozen dataclasses by the thousand (a snapshot makes one per table).

    make_table = maker(Table)
    make_table(...)   # the same arguments as Table(...), the same object, about twice as fast

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` (to get past
the frozen ``__setattr__``); :func:`maker` returns a function with the same parameters and
defaults that fills the slots directly. Only for slotted dataclasses without
``__post_init__``, ``init=False`` fields or default factories.
"""

from __future__ import annotations

from dataclasses import MISSING, fields


def maker(cls):
    """A function taking the arguments ``cls`` takes and returning the same instance."""
    fs = fields(cls)
    if not hasattr(cls, "__slots__") or hasattr(cls, "__post_init__") or any(
            not f.init or f.default_factory is not MISSING for f in fs):
        raise TypeError(f"{cls.__name__}: maker() is for plain slotted dataclasses")
    env = {"_new": object.__new__, "_cls": cls}
    params, body = [], []
    for i, f in enumerate(fs):
        env[f"_set{i}"] = getattr(cls, f.name).__set__
        if f.default is MISSING:
            params.append(f.name)
        else:
            env[f"_default{i}"] = f.default
            params.append(f"{f.name}=_default{i}")
        body.append(f"    _set{i}(obj, {f.name})\n")
    source = f"def make_{cls.__name__.lower()}({', '.join(params)}):\n    obj = _new(_cls)\n{''.join(body)}    return obj\n"
    exec(source, env)  # noqa: S102 (generated from the dataclass's own field names, as dataclasses does)
    return env[f"make_{cls.__name__.lower()}"]
