"""Validation cases of docs/design.md: the model against what is known analytically or empirically.

One module per case; each has `NAME` and `run(quick) -> list[Check]`, and takes its expected
values as arguments with the known results as defaults, so a case can be run (or deliberately
broken) in isolation. `suite` lists the cases; `page` renders the result as HTML.
"""
