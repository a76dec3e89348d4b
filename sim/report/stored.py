"""What a report is built from must be what the run used and wrote.

The experiment comes from the folder's config.toml, checked against the manifest's config hash (an
edited copy would report a fee the run never charged). summary.csv and comparisons.csv are
computed from runs.csv alone, so when one of them is not what the run wrote (cut mid-file, edited)
it is rebuilt from runs.csv, and kept only if that gives back the bytes the manifest records.
"""

from __future__ import annotations

from pathlib import Path

from sim.analysis.results import Results, ResultsError
from sim.config import LoadedExperiment, parse_experiment
from sim.config.quick import quick_version
from sim.results_integrity import file_mismatch, record
from sim.results_folder import ResultsFolder, atomic_write

DERIVED = ("summary.csv", "comparisons.csv")


def stored_experiment(results: Results) -> LoadedExperiment:
    """The experiment as run, from config.toml, refused if it does not hash to the manifest's."""
    path = results.path / "config.toml"
    if results.config_text is None:
        raise ResultsError(f"{path}: missing")
    loaded = parse_experiment(results.config_text, str(path))
    if results.manifest.get("quick"):
        loaded = quick_version(loaded)
    kept = str(results.manifest["config_hash"])
    if loaded.config_hash != kept:
        raise ResultsError(f"{path}: not the config this run used (it hashes to {loaded.config_hash[:8]}, "
                           f"manifest.json records {kept[:8]}): restore it, or rerun the study")
    return loaded


def rebuild_derived(results: Results, loaded: LoadedExperiment) -> list[Path]:
    """Rebuild summary.csv and comparisons.csv where they are not what the run wrote; the paths rebuilt."""
    files = results.manifest.get("files")
    kept = {name: files.get(name) for name in DERIVED} if isinstance(files, dict) else {}
    stale = [name for name, rec in kept.items() if rec and file_mismatch(results.path / name, rec)]
    if not stale:
        return []
    folder = ResultsFolder(results.path, loaded, int(results.manifest["replications"]),
                           int(results.manifest["root_seed"]), [])
    tables = folder.summaries(_cells(results))
    for name in stale:
        if record(tables[name]) != kept[name]:
            raise ResultsError(f"{results.path / name}: {file_mismatch(results.path / name, kept[name])}, and "
                               f"runs.csv does not give it back: rerun the study")
        atomic_write(results.path / name, tables[name])
    return [results.path / name for name in stale]


def _cells(results: Results) -> dict[tuple[int, str], dict[str, list[float]]]:
    """Each KPI's values by (point, variant) in replication order, as the merge hands them over."""
    return {(int(point), variant): {k: [float(v) for v in results.kpi(k, variant, point)] for k in results.kpis}
            for point in results.points for variant in results.variants}
