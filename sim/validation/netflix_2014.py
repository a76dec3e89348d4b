"""Netflix's 2014 price change for new members only (configs/netflix_2014.toml).

From 9 May 2014 new members paid $8.99 instead of $7.99; existing members kept $7.99. US net
additions in the next quarter (Q3 2014) were about 1.0M against 1.3M a year earlier, on about 36M
members on 1 July 2014: the change cost about 0.3M net additions, 0.83% of the base, in the quarter.
Read as the paired effect of `new_members_8_99` against `no_change` over July-September 2014
(sim.validation.net_adds). Pass rule: the mean over replications within 40% of -0.83%.

This is a documented case for the joint fit of the shared behaviour (issue 29, item 6), which has
not been made: its line is shown, not counted, until it is.
"""

from __future__ import annotations

from sim.validation.net_adds import DocumentedEffect

CASE = DocumentedEffect(
    "Netflix 2014", "netflix_2014.toml", "new_members_8_99", "no_change",
    months=range(12, 15),  # July-September 2014, from 1 July 2013
    effect=-0.3e6 / 36e6, what="net additions lost in Q3 2014, share of the base",
    source="Netflix: 1.0M against 1.3M a year earlier, on about 36M", digits=2)
NAME, run = CASE.name, CASE.run
