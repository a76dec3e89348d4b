"""report.html leads with the answer: the answer panel, then contents and the key plots, and only then
the tables; zero-only KPI rows are left out and headlines keep one unit per KPI."""

import re
from html.parser import HTMLParser

import pytest

from sim.analysis.results import load_results
from sim.report import write_report
from sim.report.blocks import Table
from sim.report.sections import kpi_table
from tests.helpers.results import write_results

MAX_TEXT_BEFORE_PLOT = 3000


class _Reader(HTMLParser):
    """Visible text of a page up to its first image, and whether the answer panel came before it."""

    HIDDEN = {"style", "script", "title", "head"}

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.hidden = 0
        self.folded = 0
        self.answer_before_image = False
        self.image_seen = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.HIDDEN:
            self.hidden += 1
        if tag == "details" and "open" not in attrs:
            self.folded += 1
        if tag == "summary" and self.folded:
            self.folded -= 1  # a closed <details> shows its summary line only
            self._summary = True
        if attrs.get("id") == "answer" and not self.image_seen:
            self.answer_before_image = True
        if tag == "img":
            self.image_seen = True

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden -= 1
        if tag == "summary" and getattr(self, "_summary", False):
            self.folded += 1
            self._summary = False
        if tag == "details" and self.folded:
            self.folded -= 1

    def handle_data(self, data):
        if not (self.hidden or self.folded or self.image_seen):
            self.text.append(data)


def visible_before_first_image(html: str) -> tuple[str, bool]:
    reader = _Reader()
    reader.feed(html)
    return re.sub(r"\s+", " ", " ".join(reader.text)).strip(), reader.answer_before_image


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = write_results(tmp_path_factory.mktemp("results"))
    write_report(folder)
    return (folder / "report.html").read_text(), (folder / "report.md").read_text()


@pytest.mark.slow
def test_answer_comes_first_with_little_text_before_the_first_plot(report):
    html, _ = report
    text, answer_first = visible_before_first_image(html)
    assert answer_first
    assert len(text) <= MAX_TEXT_BEFORE_PLOT, len(text)
    assert html.index('id="answer"') < html.index('id="contents"') < html.index("<img")


@pytest.mark.slow
def test_tables_come_after_the_key_plots_and_the_long_table_in_the_appendix(report):
    html, md = report
    first_image, first_table = html.index("<img"), html.index("<table")
    assert first_image < first_table
    assert html.index('id="appendix-differences-from-late_fees"') > html.index('id="key-results"')
    assert md.index("## The answer") < md.index("## Key plots") < md.index("## Key results")


def test_kpis_zero_in_every_variant_are_left_out_of_the_table(tmp_path):
    results = load_results(write_results(tmp_path))
    results.runs["revenue_upsell"][:] = 0.0
    table = next(b for b in kpi_table(results) if isinstance(b, Table))
    names = [row[0] for row in table.rows]
    assert "Upsell" not in names and "Profit" in names and "Late fees" in names


@pytest.mark.slow
def test_headlines_keep_one_unit_per_kpi(report):
    _, md = report
    headlines = md.split("## Headlines")[1].split("\n## ")[0]
    profit = [line for line in headlines.splitlines() if "profit" in line and line.startswith("- ")]
    assert profit and all("$" in line and "%" not in line.replace("95% CI", "") for line in profit)
