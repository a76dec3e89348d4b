"""Reading a results folder: the fixture round-trips, and bad files are named in the error."""

import gzip
import json

import numpy as np
import pytest
from tests.helpers.results import KPIS, REPLICATIONS, VARIANTS, write_results

from sim.analysis.comparisons import check_stored_comparisons, compare, compare_all
from sim.analysis.lifetime_value import lifetime_values
from sim.analysis.results import ResultsError, load_results
from sim.analysis.survival import DAYS_PER_MONTH


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_results(tmp_path_factory.mktemp("results"))


def test_fixture_reads_back(folder):
    r = load_results(folder)
    assert r.variants == VARIANTS and r.kpis == KPIS and r.baseline == "late_fees"
    assert r.kpi("profit", "subscription").size == REPLICATIONS
    assert set(r.customers["variant"]) == set(VARIANTS)
    assert "active_customers" in set(r.timeseries["series"])


def test_comparisons_agree_with_the_stored_file(folder):
    r = load_results(folder)
    check_stored_comparisons(r)
    assert len(compare_all(r)) == (len(VARIANTS) - 1) * len(KPIS)


def test_any_variant_can_be_the_baseline(folder):
    r = load_results(folder)
    forward = {c.variant: c for c in compare(r, "profit")}["subscription"]
    backward = {c.variant: c for c in compare(r, "profit", baseline="subscription")}["late_fees"]
    assert backward.paired.mean == pytest.approx(-forward.paired.mean)
    assert backward.paired.half_width == pytest.approx(forward.paired.half_width)
    assert forward.rel_change == pytest.approx(forward.paired.mean / np.mean(r.kpi("profit", "late_fees")))


def test_a_disagreeing_comparisons_file_is_named(folder, tmp_path):
    copy = write_results(tmp_path / "copy")
    text = (copy / "comparisons.csv").read_text().splitlines()
    fields = text[1].split(",")
    fields[3] = "12345.0"
    (copy / "comparisons.csv").write_text("\n".join([text[0], ",".join(fields), *text[2:]]) + "\n")
    with pytest.raises(ResultsError, match="comparisons.csv: line 2: mean_diff"):
        check_stored_comparisons(load_results(copy))


@pytest.mark.parametrize("name", ["manifest.json", "runs.csv"])
def test_missing_files_are_named(tmp_path, name):
    folder = write_results(tmp_path)
    (folder / name).unlink()
    with pytest.raises(ResultsError, match=f"{name}: missing"):
        load_results(folder)


def test_corrupt_files_are_named(tmp_path):
    folder = write_results(tmp_path)
    (folder / "manifest.json").write_text("{not json")
    with pytest.raises(ResultsError, match="manifest.json: corrupt"):
        load_results(folder)
    write_results(tmp_path)
    (folder / "customers.csv.gz").write_bytes(b"not gzip")
    with pytest.raises(ResultsError, match="customers.csv.gz: corrupt"):
        _ = load_results(folder).customers
    write_results(tmp_path)
    (folder / "runs.csv").write_text((folder / "runs.csv").read_text().replace("late_fees,", "late_fees,x,", 1))
    with pytest.raises(ResultsError, match="runs.csv: corrupt"):
        load_results(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    del manifest["kpis"]
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ResultsError, match="missing keys: kpis"):
        load_results(folder)


def test_lifetime_value_is_spend_rate_times_expected_tenure(folder):
    # The fixture's customers pay $0.60 per day of tenure (rounded to cents).
    for clv in lifetime_values(load_results(folder)):
        assert clv.spend_per_month == pytest.approx(0.6 * DAYS_PER_MONTH, rel=1e-3)
        assert clv.value.mean == pytest.approx(clv.spend_per_month * clv.expected_months, rel=0.05)
    with gzip.open(folder / "customers.csv.gz", "rt") as handle:
        assert handle.readline().startswith("point,replication,variant,customer_id")
