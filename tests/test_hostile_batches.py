"""Issue 15, batches: a per-dossier time limit, results streamed as they come, and a pack's origin in the header."""

from __future__ import annotations

import io
import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from clausewise.dossiers import load_dossier
from clausewise.engine import isolate
from clausewise.engine.assess import assess
from clausewise.engine.results import Assessment
from clausewise.reports import render
from clausewise.reports.stream import ReportStream
from clausewise.rules.loader import load_pack
from clausewise.rules.registry import builtin_pack_path
from tests.helpers import batches_asked, late_review_dossiers, run


def test_a_dossier_past_the_timeout_is_reported_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = isolate.assess

    def slow(dossier: Any, *args: Any, **kw: Any) -> Assessment:
        if dossier.audit is not None and dossier.audit.organization == "Org 1":
            time.sleep(60)  # a hang; the child inherits this patch through fork
        return real(dossier, *args, **kw)

    monkeypatch.setattr(isolate, "assess", slow)
    paths = late_review_dossiers(tmp_path, 3)
    started = time.monotonic()
    result = run("assess", *paths, "--timeout", "2", "-f", "json")
    assert time.monotonic() - started < 30
    assert result.exit_code == 3
    assert f"error: {paths[1]}: timed out after 2 s (--timeout); other dossiers are unaffected" in result.stderr
    assert "Traceback" not in result.stderr
    written = json.loads(result.stdout)
    assert [r["dossier"]["organization"] for r in written] == ["Org 0", "Org 2"]


def test_batches_are_isolated_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = batches_asked(monkeypatch)
    paths = late_review_dossiers(tmp_path, 2)
    assert run("assess", *paths, "--fail-on", "never").exit_code == 0
    assert [dossiers for dossiers, _ in calls] == [paths]


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "html", "junit"])
def test_streamed_report_is_the_report_of_the_whole_list(tmp_path: Path, fmt: str) -> None:
    pack = load_pack("iso9001")
    results = [assess(load_dossier(p), pack) for p in late_review_dossiers(tmp_path, 3)]
    handle = io.BytesIO()
    stream = ReportStream(handle, fmt, "zh", single=False)
    stream.add(results[0])
    if fmt in ("table", "markdown", "json"):
        assert handle.getvalue(), "the first result is written before the second arrives"
    for r in results[1:]:
        stream.add(r)
    stream.close()
    whole = render(results, fmt, "zh", single=False)
    assert handle.getvalue().decode("utf-8") == whole


def test_json_of_one_dossier_is_an_object_and_of_none_a_list(tmp_path: Path) -> None:
    pack = load_pack("iso9001")
    result = assess(load_dossier(late_review_dossiers(tmp_path, 1)[0]), pack)
    handle = io.BytesIO()
    stream = ReportStream(handle, "json", "en", single=True)
    stream.add(result)
    stream.close()
    assert handle.getvalue().decode("utf-8") == render([result], "json")
    empty = io.BytesIO()
    ReportStream(empty, "json", "en", single=False).close()
    assert empty.getvalue() == b"[]\n"


def test_a_folder_pack_reusing_the_builtin_id_shows_its_folder(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(builtin_pack_path("iso9001"), pack)
    dossier = late_review_dossiers(tmp_path, 1)[0]
    builtin = run("assess", dossier, "--fail-on", "never").stdout
    assert "[iso9001 0.1.0]" in builtin
    for lang, shown in (("en", f"[iso9001 0.1.0, folder {pack}]"), ("zh", f"[iso9001 0.1.0，文件夹 {pack}]")):
        for fmt in ("table", "markdown", "html"):
            out = run("assess", dossier, "--pack", pack, "-f", fmt, "-l", lang, "--fail-on", "never").stdout
            if fmt == "markdown":  # Markdown escapes the punctuation of the path
                out = out.replace("\\", "")
            assert (shown if fmt != "html" else f"<code>{shown[1:-1]}</code>") in out, (lang, fmt)
    data = json.loads(run("assess", dossier, "--pack", pack, "-f", "json", "--fail-on", "never").stdout)
    assert data["pack"]["origin"] == str(pack)
    junit = run("assess", dossier, "--pack", pack, "-f", "junit", "--fail-on", "never").stdout
    assert f'name="pack.origin" value="{pack}"' in junit
