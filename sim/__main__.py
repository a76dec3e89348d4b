"""`python -m sim` is the same as the `policysim` command."""

from sim.cli import main

raise SystemExit(main())
