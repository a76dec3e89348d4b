"""What the workshop's browser tests share: Debian's chromium, its flags, the study and the fields they edit."""

from __future__ import annotations

import shutil

from tests.helpers.configs import SMALL

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]
STUDY = SMALL + """
[uncertainties]
"scenario.goodwill.kappa" = [0.5, 1.5]
"""
FEE = "variants.subscription.pricing.monthly_fee"
RENTAL_FEE = "variants.late_fees.pricing.rental_fee"
RIVAL_FEE = "scenario.rivals.mailco.pricing.monthly_fee"
# the field shown: other pricing models' fields of the same path sit hidden beside it
SHOWN = '[data-path="{}"]:visible'
