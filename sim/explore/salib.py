"""SALib is an optional extra (policysim[sensitivity]); a missing install is one clear line."""

from __future__ import annotations

import importlib
from types import ModuleType

from sim.errors import UserError


def salib(module: str) -> ModuleType:
    """Import SALib.<module>, or raise a UserError saying how to install it."""
    try:
        return importlib.import_module(f"SALib.{module}")
    except ImportError:
        raise UserError("SALib is not installed: pip install 'policysim[sensitivity]'") from None
