"""`policysim workshop [CONFIG]`: a local what-if page for strategy workshops (sim/workshop)."""

from __future__ import annotations

import argparse
import math
import signal
import sys
import threading
import webbrowser
from datetime import datetime
from pathlib import Path

from sim.commands import executor_options
from sim.errors import UserError
from sim.workshop.jobs import DEFAULT_TIME_LIMIT


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("workshop", help="a what-if page in the browser: edit levers, run in quick mode, compare")
    p.add_argument("config", metavar="CONFIG", nargs="?",
                   help="study to open first: an experiment file or a results folder")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only; any other address lets "
                        "others on the network in, with the token in the printed address)")
    p.add_argument("--port", type=int, help="port (default: a free one; a taken one is replaced by a free one)")
    p.add_argument("--configs", type=Path, help="folder of experiment files (default: CONFIG's folder or ./configs)")
    p.add_argument("--results", type=Path, default=Path("results"), help="results folder (default ./results)")
    executor_options.register(p)
    p.add_argument("--run-timeout", type=float, default=DEFAULT_TIME_LIMIT, metavar="SECONDS",
                   help=f"cancel a run that takes longer (default {DEFAULT_TIME_LIMIT:g})")
    p.add_argument("--no-browser", action="store_true", help="print the address instead of opening a browser")
    p.set_defaults(func=execute)


def execute(args: argparse.Namespace) -> int:
    from sim.workshop.app import Workshop
    from sim.workshop.jobs import Runner
    from sim.workshop.paths import Refused, Roots
    from sim.workshop.server import bind

    if args.port is not None and not 0 < args.port < 65536:
        raise UserError(f"--port must be between 1 and 65535 (got {args.port})")
    if not 0 < args.run_timeout < math.inf:
        raise UserError(f"--run-timeout must be a positive number of seconds (got {args.run_timeout:g})")
    where = executor_options.settings(args)
    roots = Roots(_configs_dir(args), args.results)
    roots.results.mkdir(parents=True, exist_ok=True)
    try:
        initial = roots.ref(Path(args.config)) if args.config else None
    except Refused:
        raise UserError(f"{args.config} is outside {roots.configs} and {roots.results}; "
                        f"give --configs or --results") from None
    session = roots.results / "workshop" / datetime.now().strftime("%Y%m%d-%H%M%S")
    app = Workshop(roots, Runner(session, where.workers, args.run_timeout, cluster=where if where.dask else None),
                   initial)
    try:
        server = bind(app, args.host, args.port)
    except UserError:
        app.runner.close()
        raise
    if server.guard.exposed:
        print(f"warning: --host {args.host} lets other machines on the network reach this page; every request "
              f"needs the session token, which the address below carries: share it only with the room",
              file=sys.stderr)
    print(f"policysim workshop: {server.url}  (runs go to {session}; Ctrl+C stops)", flush=True)
    signal.signal(signal.SIGTERM, _stop)
    if not args.no_browser:
        threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("workshop stopped", flush=True)
    finally:
        app.runner.close()
        server.server_close()
    return 0


def _stop(signum: int, frame: object) -> None:
    """SIGTERM stops like Ctrl+C: the runner then kills its worker processes, so the server exits at once."""
    raise KeyboardInterrupt


def _configs_dir(args: argparse.Namespace) -> Path:
    if args.configs:
        return args.configs
    if args.config and Path(args.config).is_file():
        return Path(args.config).parent
    return Path("configs")
