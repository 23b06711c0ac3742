"""`invoke bench`'s verdicts: each figure against its target, MET or MISSED (the timings come from the bench
itself, never from a test)."""
from __future__ import annotations

from handouts.commands.bench import TARGETS, table

FIGURES = {
    "machine": {"cpus": 2, "platform": "Linux"}, "briefs": 23, "pdf_pages": 400, "pandoc_calls": 23,
    "floor_seconds": 100.0, "floor_pandoc_seconds": 10.0, "floor_weasyprint_seconds": 90.0,
    "floor_rounds": [100.0, 101.0], "plain_seconds": 90.0, "plain_pages": 300, "serial_seconds": 105.0,
    "serial_rounds": [105.0, 107.0], "jobs2_seconds": 55.0, "pages_per_second_jobs2": 7.3, "noop_seconds": 0.4,
    "noop_summary": "built 0, up to date 23, failed 0", "edit_one_seconds": 3.2, "edit_own_render_seconds": 3.0,
    "edit_one_summary": "built 1, up to date 22, failed 0", "edit_rebuilds_only_one": True,
    "make_seconds": 40.0, "ours_short_seconds": 19.0, "short_briefs": 18, "serve_web_seconds": 0.8,
    "serve_all_seconds": 4.0, "moonshot_projected_seconds": 82.0, "peak_worker_mb": 400.0,
    "serial_over_floor": 1.05, "serial_over_plain": 1.17, "speedup_jobs2": 1.91, "edit_overhead_seconds": 0.2,
    "make_over_ours": 2.1, "packet_bind_seconds": 4.0, "packet_render_seconds": 9.0, "packet_bind_over_render": 0.44,
}


def _verdicts(result: dict) -> dict[str, str]:
    lines = table(result).splitlines()
    return {t.label: next(line for line in lines if line.startswith(t.label)).split()[-1] for t in TARGETS}


def test_every_figure_is_reported_and_met_within_its_target():
    assert set(_verdicts(FIGURES).values()) == {"MET"}
    assert "an edit rebuilds only its brief" in table(FIGURES)


def test_a_figure_past_its_target_is_missed_in_either_direction():
    worse = FIGURES | {"serial_over_floor": 1.26, "speedup_jobs2": 1.64, "serve_web_seconds": 4.2}
    missed = {label for label, verdict in _verdicts(worse).items() if verdict == "MISSED"}
    assert missed == {"clean serial build / replayed raw toolchain", "--jobs 2 speed-up over --jobs 1",
                      "serve: saved brief -> its web page shows it (s)"}
