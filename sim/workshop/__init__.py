"""Workshop mode: a local what-if page that reruns a study in quick mode and compares the answers.

The web side is the standard library's `http.server` and one static page: nothing to install,
nothing fetched at run time. Charts are the PNGs that `sim.plots` writes into each run's folder.
"""
