"""`policysim report RESULTS_DIR --slides`: a 16:9 deck with the question, the answer, the key plots
and the assumptions; without python-pptx one line says how to install it."""

import importlib

import pytest

from sim.cli import main
from sim.report.sections import KEY_PLOTS
from tests.helpers.results import write_results


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    pptx = pytest.importorskip("pptx")
    folder = write_results(tmp_path_factory.mktemp("results"))
    assert main(["report", str(folder), "--slides"]) == 0
    return folder, pptx.Presentation(str(folder / "slides.pptx"))


def _titles(presentation):
    return [slide.shapes.title.text if slide.shapes.title is not None else "" for slide in presentation.slides]


@pytest.mark.slow
def test_deck_is_16_9_with_question_answer_plots_and_assumptions(deck):
    folder, presentation = deck
    assert presentation.slide_width * 9 == presentation.slide_height * 16
    titles = _titles(presentation)
    assert titles[0] == "Synthetic results for the analysis and report tests."
    assert titles[1].startswith("Best for profit:")
    assert titles[-1] == "What the answer rests on"
    key = [p for p in (folder / "plots").glob("*.png") if p.stem in KEY_PLOTS]
    assert key and len(titles) == 1 + 1 + len(key) + 1


@pytest.mark.slow
def test_answer_slide_has_a_row_per_variant_and_plots_fit_the_slide(deck):
    _, presentation = deck
    slides = list(presentation.slides)
    table = next(s for s in slides[1].shapes if s.has_table).table
    assert [table.cell(i, 0).text for i in range(1, len(table.rows))] == ["no_late_fees", "subscription"]
    for slide in slides:
        for shape in slide.shapes:
            assert 0 <= shape.left and shape.left + shape.width <= presentation.slide_width
            assert 0 <= shape.top and shape.top + shape.height <= presentation.slide_height
    pictures = [shape for slide in slides for shape in slide.shapes if shape.shape_type == 13]
    assert pictures and all(abs(p.width / p.height - 16 / 9) < 0.01 for p in pictures)


def test_without_python_pptx_one_line_says_how_to_install_and_nothing_is_written(tmp_path, monkeypatch, capsys):
    folder = write_results(tmp_path / "results")
    real = importlib.import_module

    def no_pptx(name, *args, **kwargs):
        if name == "pptx" or name.startswith("pptx."):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(importlib, "import_module", no_pptx)
    assert main(["report", str(folder), "--slides"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'policysim[slides]'" in err
    assert not (folder / "report.html").exists() and not (folder / "plots").exists()
