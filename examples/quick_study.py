# %% [markdown]
# # A quick study from Python
#
# The notebook way to run policysim: load a study, change a value, run it in quick mode and read
# the answer as tables and plots. Run it from the repository root, as a script
# (`python examples/quick_study.py`) or cell by cell in an editor that knows `# %%` cells
# (VS Code, PyCharm, Jupytext). The API is described in docs/guides/python-api.md.

# %%
import sim

study = sim.load("configs/blockbuster_vs_netflix.toml")
print(study.config.experiment.name, "- variants:", ", ".join(study.config.variants))

# %% [markdown]
# A what-if: a cheaper subscription. Any parameter can be set by its dotted path (list items by
# index); the changed study is validated again, and a bad value raises `sim.ConfigError` with the
# same one-line message as the command line.

# %%
cheaper = sim.load(study, overrides={"variants.subscription.pricing.monthly_fee": 17.95})
try:
    sim.load(study, overrides={"variants.subscription.pricing.monthly_fee": -5})
except sim.ConfigError as error:
    print("refused:", error)

# %% [markdown]
# Quick mode: a quarter of the business and three replications, for an answer in seconds (the
# intervals are wider; run without `quick=True` to confirm). The results folder is written as by
# `policysim run` (here under results/blockbuster_vs_netflix/).

# %%
results = sim.run(cheaper, quick=True, workers=2)
print(results.kpi_table())

# %% [markdown]
# Tables are lists of records (one dict per row). Paired differences from the baseline:

# %%
print(f"\n{'variant':<24}{'profit difference':>20}   95% CI")
for row in results.comparisons:
    if row["kpi"] == "profit":
        print(f"{row['variant']:<24}{row['mean_diff']:>20,.0f}   [{row['ci_low']:,.0f}, {row['ci_high']:,.0f}]")

# %% [markdown]
# Active customers month by month, mean over replications, per variant:

# %%
months: dict[str, dict[int, list[float]]] = {}
for row in results.series:
    if row["series"] == "active_customers":
        months.setdefault(row["variant"], {}).setdefault(row["month"], []).append(row["value"])
for variant, by_month in months.items():
    last = max(by_month)
    print(f"{variant:<24} month 0: {sum(by_month[0]) / len(by_month[0]):6.0f}   "
          f"month {last}: {sum(by_month[last]) / len(by_month[last]):6.0f}")

# %% [markdown]
# With pandas installed (`pip install 'policysim[pandas]'`) any table is a DataFrame:

# %%
try:
    frame = results.to_pandas("summary")
    print(frame[frame["kpi"] == "profit"].to_string(index=False))
except ImportError as missing:
    print(missing)

# %% [markdown]
# Plots are matplotlib figures (in a notebook, a figure as the last line of a cell is shown).

# %%
forest = results.figure("forest")
forest.savefig(results.folder / "forest_from_python.png")
print("plots:", ", ".join(results.plots()), "- saved", results.folder / "forest_from_python.png")
