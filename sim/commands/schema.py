"""`policysim schema`: print the JSON Schema of experiment files (for editor validation)."""

from __future__ import annotations

import argparse
import json

from sim.config import Experiment
from sim.config.inherit import file_schema


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of experiment files")
    p.set_defaults(func=execute)


def execute(args: argparse.Namespace) -> int:
    print(json.dumps(file_schema(Experiment.model_json_schema()), indent=2))
    return 0
