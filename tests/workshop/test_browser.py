"""End to end in Debian's chromium, driven by Playwright: edit a fee, run, read the result, export; cancel;
edit a rival and see the market's plots.

The page must show exactly what the run wrote: the headline sentences and the KPI table are
recomputed here from the results folder and compared with the page's text.
"""

from __future__ import annotations

import os
import time
import tomllib
from pathlib import Path

import pytest

from sim.analysis.results import load_results
from sim.config import parse_experiment
from sim.report import sections
from sim.report.blocks import Bullets, Table
from sim.workshop import jobs

from tests.helpers.configs import DUEL
from tests.helpers.results import stub_market_results
from tests.helpers.browser import FEE, RENTAL_FEE, RIVAL_FEE, SHOWN
from tests.helpers.workshop import running_workshop

pytestmark = pytest.mark.slow


def plain(text: str) -> str:
    """Report text as the page shows it: `code` spans lose their backticks."""
    return text.replace("`", "")


def test_change_the_fee_run_read_and_export(browser, workshop, tmp_path: Path, monkeypatch) -> None:
    app, url = workshop
    # the started run's answer comes back after the refused second click's, as it can on a busy machine
    start = app.runner.start

    def answered_late(*args):
        run = start(*args)
        time.sleep(1.0)
        return run

    monkeypatch.setattr(app.runner, "start", answered_late)
    shots = Path(os.environ.get("WORKSHOP_SCREENSHOTS", tmp_path))
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(url)
    page.locator(SHOWN.format(FEE)).wait_for()

    page.fill(SHOWN.format(RENTAL_FEE), "-1")
    error = page.locator(f'.field-error[data-for="{RENTAL_FEE}"]')
    error.filter(has_text="greater than or equal to 0").wait_for()
    page.screenshot(path=shots / "workshop-1-bad-value.png")
    page.fill(SHOWN.format(RENTAL_FEE), "4.99")
    page.fill(SHOWN.format(FEE), "14.5")
    error.filter(has_text="").wait_for()

    page.click("#run")
    page.click("#run")
    page.locator("#run-message").filter(has_text="still going").wait_for()
    page.locator("#runs li").first.wait_for()  # listed once the started run's answer has come
    assert "still going" in page.inner_text("#run-message")
    page.screenshot(path=shots / "workshop-2-running.png")
    page.locator('#result-body[data-state="done"]').wait_for(timeout=120_000)  # a shared machine can be slow
    page.screenshot(path=shots / "workshop-3-result.png", full_page=True)

    folder = app.runner.runs[0].folder
    assert tomllib.loads((folder / "config.toml").read_text())["variants"]["subscription"]["pricing"][
        "monthly_fee"] == 14.5
    results = load_results(folder)
    results.read_all()
    _headlines_match(page, results)
    _kpi_table_matches(page, results)
    assert page.locator("#plots img").count() >= 5
    assert "subscription.pricing.monthly_fee 19.95 -> 14.5" in page.inner_text("#runs")

    _export_matches(page, folder, tmp_path)


def test_cancel_a_run_that_never_ends(browser, workshop, monkeypatch) -> None:
    app, url = workshop

    def never_ending(loaded, todo, seed, sink, executor, in_flight) -> None:
        executor.submit(time.sleep, 3600).result()

    monkeypatch.setattr(jobs, "run_tasks", never_ending)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    page.locator(SHOWN.format(FEE)).wait_for()
    page.click("#run")
    page.click("#cancel")
    page.locator('#runs li[data-state="cancelled"]').filter(has_text="cancelled").wait_for(timeout=20_000)
    page.locator("#run-message").filter(has_text="Run 1 cancelled: ended from the page").wait_for()
    assert page.locator("#cancel").is_hidden()
    assert app.runner.runs[0].state == "cancelled"


def _headlines_match(page, results) -> None:
    expected = [plain(s) for b in sections.headlines(results) if isinstance(b, Bullets) for s in b.items]
    shown = page.locator("#headlines li").all_inner_texts()
    assert shown == expected


def _kpi_table_matches(page, results) -> None:
    table = next(b for b in sections.kpi_table(results) if isinstance(b, Table))
    rows = page.eval_on_selector_all(
        "#kpis tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.innerText))")
    assert rows == [[plain(c) for c in row] for row in table.rows]


def _export_matches(page, folder: Path, tmp_path: Path) -> None:
    with page.expect_download() as report:
        page.click("#export-report")
    report_path = tmp_path / "exported.html"
    report.value.save_as(report_path)
    exported = report_path.read_text(encoding="utf-8")
    assert report_path.read_bytes() == (folder / "report.html").read_bytes()
    assert "data:image/png;base64," in exported and "src=\"http" not in exported
    with page.expect_download() as config:
        page.click("#export-config")
    config_path = tmp_path / "exported.toml"
    config.value.save_as(config_path)
    loaded = parse_experiment(config_path.read_text(encoding="utf-8"))
    assert loaded.config.variants["subscription"].pricing.monthly_fee == 14.5


def test_add_a_change_over_time_and_remove_it(browser, workshop, tmp_path: Path) -> None:
    _, url = workshop
    shots = Path(os.environ.get("WORKSHOP_SCREENSHOTS", tmp_path))
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    timeline = page.locator('details[data-timeline="variants.subscription"]')
    timeline.locator("summary").filter(has_text="Changes over time (0)").click()
    timeline.locator(".add-change").click()
    timeline.locator('[data-key="at_month"]').fill("3")
    assert timeline.locator('[data-key="set-path"]').input_value() == "pricing.monthly_fee"
    timeline.locator('[data-key="set-value"]').fill("23.94")
    timeline.locator('[data-key="notice_days"]').fill("30")
    page.locator("#changes li").filter(has_text="subscription.changes").first.wait_for()
    page.screenshot(path=shots / "workshop-4-change.png", full_page=True)
    timeline.locator('[data-key="at_month"]').fill("99")
    error = timeline.locator('.field-error[data-for="variants.subscription.changes"]')  # beside the timeline
    error.filter(has_text="takes effect on day").wait_for()
    timeline.locator(".remove-change").click()
    error.filter(has_text="").wait_for()
    assert timeline.locator("summary").inner_text() == "Changes over time (0)"


def test_edit_a_rival_and_see_the_market_plots(browser, tmp_path: Path) -> None:
    shots = Path(os.environ.get("WORKSHOP_SCREENSHOTS", tmp_path))
    with running_workshop(tmp_path, study=DUEL) as (app, client):
        stored = stub_market_results(app.roots.results)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"http://127.0.0.1:{client.port}/")
        rival = page.locator('#rivals .firm[data-firm="scenario.rivals.mailco"]')
        fee = rival.locator(SHOWN.format(RIVAL_FEE))
        fee.fill("-1")
        page.locator(f'.field-error[data-for="{RIVAL_FEE}"]').filter(has_text="greater than or equal to 0").wait_for()
        fee.fill("15")
        page.fill(SHOWN.format("scenario.market.choice.switching_cost"), "2.5")
        page.locator("#changes li").filter(has_text="scenario.market.choice.switching_cost 1 -> 2.5").wait_for()
        assert "scenario.rivals.mailco.pricing.monthly_fee 17.99 -> 15" in page.inner_text("#changes")
        assert page.locator("#variants .firm").count() == 2  # ours stay apart
        page.screenshot(path=shots / "workshop-5-rival.png", full_page=True)

        page.select_option("#study", stored)
        page.locator("#runs li button").filter(has_text="show").click()
        page.locator("#market-plots figure").nth(1).wait_for()
        assert page.locator("#market-plots figure").evaluate_all("fs => fs.map(f => f.dataset.plot)") == [
            "market_share", "lost_customers_went"]
        assert page.locator("#plots figure").count() == 1
