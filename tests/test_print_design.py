"""The print edition designed as a policy publisher's (issue 20): the measure of the body text, read back from every
sample's PDF by the positions of its lines."""
from __future__ import annotations

import statistics

import pytest
from conftest import SAMPLES, copy_project
from readback import body_lines

from handouts.build.run import Options, build
from handouts.project import Project

pytestmark = pytest.mark.slow
MEASURE = (60, 80)  # characters per line of body text, as policy publishers set it


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """Every sample brief, built once in print only."""
    root = copy_project(tmp_path_factory.mktemp("print") / "project")
    summary = build(Project.at(root), Options(formats=("pdf",)))
    briefs = [name for name in summary.built if not name.startswith("packets/")]  # the sample packet is bound too
    assert sorted(briefs) == sorted(SAMPLES), [p.render() for p in summary.problems]
    return root


def pdf(root, slug):
    return root / "dist" / slug / f"{slug}.pdf"


@pytest.mark.parametrize("slug", SAMPLES)
def test_body_text_is_set_60_to_80_characters_a_line(printed, slug):
    """The Conservatives brief ran 100 to 104 characters across 6.8 inches: loose lines, hard reading."""
    lengths = [len(line) for line in body_lines(pdf(printed, slug))]
    assert len(lengths) >= 8, lengths  # enough full lines to speak of a measure
    assert MEASURE[0] <= statistics.median(lengths) <= MEASURE[1], sorted(lengths)
