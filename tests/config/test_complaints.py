"""Bad complaint and staff input: one line naming the file and key path, exit 2, nothing written."""

from __future__ import annotations

import pytest

OK_VARIANT = "[variants.a]\nbaseline = true\n"

CASES = {
    "no_staff": ("[scenario.staff]\non_shift = 0\n" + OK_VARIANT, "scenario.staff.on_shift"),
    "checkout_zero": ("[scenario.staff]\ncheckout_minutes = 0\n" + OK_VARIANT, "scenario.staff.checkout_minutes"),
    "complaint_negative": ("[scenario.staff]\ncomplaint_minutes = -5\n" + OK_VARIANT,
                           "scenario.staff.complaint_minutes: Input should be greater than 0"),
    "patience_zero": ("[scenario.staff]\nwait_tolerance_minutes = 0\n" + OK_VARIANT,
                      "scenario.staff.wait_tolerance_minutes"),
    "morale_hit": ("[scenario.staff]\nhostile_morale_hit = 1.2\n" + OK_VARIANT, "scenario.staff.hostile_morale_hit"),
    "distribution": ("[scenario.staff]\ndistribution = 'gamma'\n" + OK_VARIANT, "scenario.staff.distribution"),
    "hostile": ("[scenario.complaints]\nhostile_base = 1.5\n" + OK_VARIANT, "scenario.complaints.hostile_base"),
    "learning": ("[scenario.complaints]\nlearn_granted = -0.1\n" + OK_VARIANT, "scenario.complaints.learn_granted"),
    "billing": ("[scenario.complaints]\nbilling_error_rate = 2\n" + OK_VARIANT,
                "scenario.complaints.billing_error_rate"),
    "severity": ("[scenario.complaints.severity]\nstockout = -1\n" + OK_VARIANT,
                 "scenario.complaints.severity.stockout"),
    "policy": (OK_VARIANT + "[variants.a.complaints]\npolicy = 'customer_is_king'\n",
               "variants.a.complaints.policy: Input should be 'always_right', 'fair' or 'strict'"),
    "first_contact": (OK_VARIANT + "[variants.a.complaints]\nfirst_contact_resolution = 1.1\n",
                      "variants.a.complaints.first_contact_resolution"),
    "enforcement": (OK_VARIANT + "[variants.a.pricing]\nenforcement = 'always_right'\n",
                    "variants.a.pricing.enforcement"),
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("command", ["run", "check"])
def test_bad_complaint_config(name: str, command: str, config_error) -> None:
    text, expected = CASES[name]
    config_error(text, expected, command, name)
