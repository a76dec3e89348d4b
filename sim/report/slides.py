"""A 16:9 deck of a results folder (python-pptx, the optional extra `slides`): the study's question,
the answer tiles, one slide per key plot titled with its one-line message, and the assumptions.

Built from the same pieces as report.html (sim.analysis.answer, the plots on disk), so the deck
and the report say the same thing.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import numpy as np

from sim.analysis.answer import BETTER, WORSE, Answer, VariantAnswer, horizon_words
from sim.analysis.payback import first_change_month, payback
from sim.analysis.results import Results
from sim.config import Experiment
from sim.config.base import ASSUMPTION
from sim.errors import UserError
from sim.plots.labels import format_value, label
from sim.plots.selection import shown_variants
from sim.report.assumptions import changed
from sim.report.sections import KEY_PLOTS, caption

INSTALL = "slides need python-pptx: pip install 'policysim[slides]'"
WIDTH, HEIGHT = 13.333, 7.5  # inches: 16:9
SLIDE_EMU = (12_192_000, 6_858_000)  # the same, exactly, in the units of the file
ROWS_PER_SLIDE = 4
FIRST_COLUMN = 3.2  # inches: the longest variant names on one line
FILL = {BETTER: "E3F4EC", WORSE: "FBE5D6"}
NEUTRAL = "F2F2F2"
MAX_ASSUMPTIONS = 8


def pptx() -> ModuleType:
    """python-pptx, or a UserError that says how to install it (checked before anything is written)."""
    try:
        return importlib.import_module("pptx")
    except ImportError:
        raise UserError(INSTALL) from None


def write_slides(results: Results, config: Experiment, answer: Answer, plot_paths: list[Path]) -> Path:
    """slides.pptx in the results folder."""
    lib = pptx()
    from pptx.util import Emu

    deck = lib.Presentation()
    deck.slide_width, deck.slide_height = Emu(SLIDE_EMU[0]), Emu(SLIDE_EMU[1])
    _title_slide(deck, results, config)
    for start in range(0, max(len(answer.variants), 1), ROWS_PER_SLIDE):
        _answer_slide(deck, answer, answer.variants[start:start + ROWS_PER_SLIDE])
    for path in (p for stem in KEY_PLOTS for p in plot_paths if p.suffix == ".png" and p.stem == stem):
        _plot_slide(deck, message(path.stem, results, config, answer), path)
    _assumptions_slide(deck, results, config)
    out = results.path / "slides.pptx"
    deck.save(str(out))
    return out


def message(stem: str, results: Results, config: Experiment, answer: Answer) -> str:
    """The one line a plot's slide says."""
    if stem == "forest":
        return answer.summary
    if stem == "payback":
        return _payback_message(results, config)
    most = {"monthly_overview": "customers_active_end", "monthly_money": "profit", "market_share": "market_share_end"}
    kpi = most.get(stem)
    if kpi in results.kpis:
        means = {v: float(np.nanmean(results.kpi(kpi, v))) for v in results.variants}
        top = max(means, key=lambda v: means[v])
        return (f"{label(kpi)}: highest mean {top} ({format_value(kpi, means[top])}), "
                f"{results.baseline} {format_value(kpi, means[results.baseline])}")
    return caption(stem).split(". ")[0].split(": ")[0]


def _payback_message(results: Results, config: Experiment) -> str:
    months = {v: first_change_month(config.variants[v]) for v in shown_variants(results) if v in config.variants}
    paid = {v: payback(results, v, m).payback_month for v, m in months.items() if m is not None}
    done = {v: m for v, m in paid.items() if m is not None}
    if not done:
        return "No change pays back within the horizon"
    first = min(done, key=lambda v: done[v])
    return f"{first} pays back soonest, in month {done[first]}; {len(done)} of {len(paid)} pay back"


def _title_slide(deck, results: Results, config: Experiment) -> None:
    from pptx.util import Inches

    slide = deck.slides.add_slide(deck.slide_layouts[0])
    _set_title(slide, config.experiment.description or f"{results.manifest['experiment']}", 36)
    slide.shapes.title.top, slide.shapes.title.height = Inches(2.0), Inches(2.0)
    body = slide.placeholders[1]
    body.left, body.top, body.width, body.height = Inches(0.8), Inches(4.3), Inches(WIDTH - 1.6), Inches(1.5)
    m = results.manifest
    quick = " Quick mode: a quarter of the business." if m.get("quick") else ""
    slide.placeholders[1].text = (f"{m['experiment']}: {len(results.variants)} options against {results.baseline}, "
                                  f"{m['replications']} replications over {horizon_words(results.horizon_days)}."
                                  f"{quick}")


def _answer_slide(deck, answer: Answer, rows: list[VariantAnswer]) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    slide = deck.slides.add_slide(deck.slide_layouts[5])
    _set_title(slide, answer.summary or "The answer", 24)
    if not rows:
        return
    kpis = [t.title for t in rows[0].tiles]
    shape = slide.shapes.add_table(len(rows) + 1, len(kpis) + 1, Inches(0.4), Inches(1.6), Inches(WIDTH - 0.8),
                                   Inches(0.5 + 0.85 * len(rows)))
    table = shape.table
    table.columns[0].width = Inches(FIRST_COLUMN)
    for column in list(table.columns)[1:]:
        column.width = Inches((WIDTH - 0.8 - FIRST_COLUMN) / len(kpis))
    for j, name in enumerate([f"against {answer.baseline}", *kpis]):
        _cell(table.cell(0, j), name, 16, bold=True)
    for i, row in enumerate(rows, start=1):
        _cell(table.cell(i, 0), row.variant, 16, bold=True)
        for j, tile in enumerate(row.tiles, start=1):
            cell = table.cell(i, j)
            _cell(cell, f"{tile.value}\n{tile.verdict}", 18, small_second=True)
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor.from_string(FILL.get(tile.verdict, NEUTRAL))
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.color.rgb = RGBColor(0x22, 0x22, 0x22)
    note = slide.shapes.add_textbox(Inches(0.4), Inches(HEIGHT - 0.7), Inches(WIDTH - 0.8), Inches(0.5))
    note.text_frame.text = (f"Paired difference from {answer.baseline} (mean over replications); better / worse only "
                            "when the 95% interval excludes zero.")
    note.text_frame.paragraphs[0].runs[0].font.size = Pt(14)


def _cell(cell, text: str, size: int, bold: bool = False, small_second: bool = False) -> None:
    """A table cell's text; with small_second, the first line large and bold (the figure), the next smaller."""
    from pptx.util import Pt

    cell.text = text
    for i, paragraph in enumerate(cell.text_frame.paragraphs):
        for run in paragraph.runs:
            run.font.size = Pt(size - 4 if small_second and i else size)
            run.font.bold = bold or (small_second and not i)


def _plot_slide(deck, title: str, path: Path) -> None:
    from pptx.util import Inches

    slide = deck.slides.add_slide(deck.slide_layouts[5])
    _set_title(slide, title, 26)
    height = HEIGHT - 1.3
    width = height * 16 / 9
    slide.shapes.add_picture(str(path), Inches((WIDTH - width) / 2), Inches(1.2), Inches(width), Inches(height))


def _assumptions_slide(deck, results: Results, config: Experiment) -> None:
    from pptx.util import Inches, Pt

    slide = deck.slides.add_slide(deck.slide_layouts[1])
    _set_title(slide, "What the answer rests on", 30)
    lines = [f"Uncertain: {path} from {u.low:g} to {u.high:g} ({u.distribution})"
             for path, u in config.uncertainties.items()]
    judged = [p for p in changed(config) if p.source == ASSUMPTION and not p.path.startswith("experiment.")]
    lines += [f"Assumed: {p.path} = {p.value}" for p in judged[:MAX_ASSUMPTIONS - len(lines)]]
    if not config.uncertainties:
        lines.append("The study names no [uncertainties]: run `policysim sensitivity` to see which assumptions "
                     "move the answer.")
    lines.append(f"{results.manifest['replications']} replications per option; every option meets the same "
                 "customers (common random numbers), so differences are paired.")
    body = slide.placeholders[1]
    body.left, body.top, body.width, body.height = Inches(0.6), Inches(1.3), Inches(WIDTH - 1.2), Inches(HEIGHT - 1.6)
    frame = body.text_frame
    frame.text = lines[0]
    for line in lines[1:]:
        frame.add_paragraph().text = line
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(18)


def _set_title(slide, text: str, size: int) -> None:
    """The title across the top of a 16:9 slide (the default layouts are placed for 4:3)."""
    from pptx.util import Inches, Pt

    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Inches(0.4), Inches(0.15), Inches(WIDTH - 0.8), Inches(1.0)
    title.text = text.replace("`", "")
    for paragraph in slide.shapes.title.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size if len(text) < 90 else size - 6)
