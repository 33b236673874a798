"""Issue 15, reading: every file clausewise reads goes through clausewise/fileio.py, so a FIFO, a device, a
symlink to /dev/zero, a symlink loop or an unreadable folder is a located error (exit 2), never a hang, an
endless read or silently dropped evidence."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from clausewise.dossiers import load_dossier
from clausewise.errors import InputErrors
from clausewise.fileio import MAX_DEPTH, read_bytes
from clausewise.rules.registry import builtin_pack_path
from tests.helpers import late_review_dossier, run


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "dossier"
    folder.mkdir()
    (folder / "a.yaml").write_text(late_review_dossier(), encoding="utf-8")
    return folder


def _error(*args: object) -> str:
    result = run(*args)
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stderr


def test_fifo_in_a_dossier_folder_is_an_error_not_skipped(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    os.mkfifo(folder / "b.yaml")
    err = _error("validate", folder)
    assert f"{folder / 'b.yaml'}: cannot read this input (expected a regular file, found a FIFO (named pipe))" in err


def test_symlink_to_dev_zero_in_a_folder_and_as_argument(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "zero.yaml").symlink_to("/dev/zero")
    assert "found a character device" in _error("assess", folder)
    assert "found a character device" in _error("assess", folder / "zero.yaml")


def test_fifo_as_argument_is_named_as_such(tmp_path: Path) -> None:
    fifo = tmp_path / "d.yaml"
    os.mkfifo(fifo)
    assert f"{fifo}: cannot read this input (expected a regular file, found a FIFO (named pipe))" in _error(
        "validate", fifo
    )


def test_symlink_loop_in_a_folder_is_an_error(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    (folder / "sub").symlink_to(folder)  # a folder loop: reported, not walked forever
    err = _error("validate", folder)
    assert f"{folder / 'loop.yaml'}: cannot read: Too many levels of symbolic links" in err
    assert "folder link loop" in err


def test_unreadable_subfolder_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    sub = folder / "reviews"
    sub.mkdir()
    (sub / "mr.yaml").write_text("management_reviews: []\n", encoding="utf-8")
    real = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path) == sub:  # chmod 000 does not stop root, so the refusal is simulated
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(InputErrors) as info:
        load_dossier(folder)
    assert [str(p) for p in info.value.problems] == [f"{sub}: cannot read folder: Permission denied"]


def test_unreadable_file_in_a_folder_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    unreadable = folder / "b.yaml"
    unreadable.write_text("people: []\n", encoding="utf-8")
    unreadable.chmod(0)
    if os.geteuid() == 0:  # root reads any file, so the refusal is simulated
        real = os.open

        def refusing(path: str | os.PathLike[str], *args: Any, **kw: Any) -> int:
            if Path(path) == unreadable:
                raise PermissionError(13, "Permission denied")
            return real(path, *args, **kw)

        monkeypatch.setattr(os, "open", refusing)
    assert f"error: {unreadable}: cannot read file: Permission denied" in _error("validate", folder)


def test_pack_file_and_rules_file_symlinked_to_dev_zero(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(builtin_pack_path("iso9001"), pack)
    rules = sorted((pack / "rules").glob("*.yaml"))[0]
    rules.unlink()
    rules.symlink_to("/dev/zero")
    assert f"{rules}: cannot read this input (expected a regular file, found a character device)" in _error(
        "rules", "list", "--pack", pack
    )
    (pack / "pack.yaml").unlink()
    (pack / "pack.yaml").symlink_to("/dev/zero")
    assert "found a character device" in _error("rules", "list", "--pack", pack)


def test_fixture_fifo_is_refused(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(builtin_pack_path("iso9001"), pack)
    os.mkfifo(pack / "tests" / "fifo.yaml")
    assert "fifo.yaml: cannot read this input (expected a regular file, found a FIFO (named pipe))" in _error(
        "rules", "test", pack
    )


def test_report_on_dev_zero_and_on_deep_json(tmp_path: Path) -> None:
    zero = tmp_path / "r.json"
    zero.symlink_to("/dev/zero")
    assert "found a character device" in _error("report", zero)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert f"{deep}: values are nested too deeply (expected at most {MAX_DEPTH} levels)" in _error("report", deep)


def test_json_nan_and_infinity_are_located_errors(tmp_path: Path) -> None:
    dossier = tmp_path / "d.json"
    data = {"audit": {"organization": "A", "date": "2021-03-01", "type": "surveillance"}}
    text = json.dumps(data, indent=1)[:-2] + ',\n "objectives": [{"target_value": NaN}]}'
    dossier.write_text(text, encoding="utf-8")
    assert f"{dossier}:7:34: not a JSON number (expected a finite number, found NaN)" in _error("validate", dossier)
    saved = tmp_path / "r.json"
    saved.write_text('{"schema_version": -Infinity}', encoding="utf-8")
    assert f"{saved}:1:20: not a JSON number (expected a finite number, found -Infinity)" in _error("report", saved)


def test_reader_stops_at_the_limit_even_when_the_size_lies(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"x" * 2000)
    with pytest.raises(InputErrors) as info:
        read_bytes(big, max_bytes=1000)
    assert str(info.value) == f"{big}: file is too large (expected at most 1,000 bytes, found 2,000 bytes)"


def test_folder_total_size_is_limited(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "b.yaml").write_text("people:\n" + "  - name: Li\n" * 40, encoding="utf-8")
    with pytest.raises(InputErrors) as info:
        load_dossier(folder, max_bytes=600)
    assert "dossier is too large (expected at most 600 bytes in all its files, found" in str(info.value)


def test_cli_size_defaults_are_the_readers() -> None:
    from clausewise.cli.options import DEFAULT_MAX_MB, DEFAULT_RESULT_MAX_MB, megabytes
    from clausewise.fileio import DEFAULT_MAX_BYTES, DEFAULT_MAX_RESULT_BYTES

    assert megabytes(DEFAULT_MAX_MB) == DEFAULT_MAX_BYTES == 16 * 2**20
    assert megabytes(DEFAULT_RESULT_MAX_MB) == DEFAULT_MAX_RESULT_BYTES


def test_max_size_refuses_and_raises_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(late_review_dossier() + "people:\n" + "  - name: Li Ming\n" * 1000, encoding="utf-8")
    assert "file is too large (expected at most 10,485 bytes" in _error("validate", path, "--max-size", "0.01")
    assert run("validate", path, "--max-size", "1").exit_code == 0


def test_workbook_fifo_and_pack_rules_fifo_are_refused(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    os.mkfifo(folder / "evidence.xlsx")
    assert "evidence.xlsx: cannot read this input (expected a regular file, found a FIFO (named pipe))" in _error(
        "validate", folder
    )
    pack = tmp_path / "pack"
    shutil.copytree(builtin_pack_path("iso9001"), pack)
    os.mkfifo(pack / "rules" / "zz-fifo.yaml")
    assert "zz-fifo.yaml: cannot read this input (expected a regular file, found a FIFO (named pipe))" in _error(
        "assess", folder / "a.yaml", "--pack", pack
    )


def test_decisions_file_symlinked_to_dev_zero_is_refused(tmp_path: Path) -> None:
    zero = tmp_path / "decisions.yaml"
    zero.symlink_to("/dev/zero")
    assert f"{zero}: cannot read this input (expected a regular file, found a character device)" in _error(
        "decide", "import", 1, zero, "--store", tmp_path / "store.db"
    )


def test_a_regular_file_comes_in_one_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No 1 MB chunks joined into a second copy of a large dossier (its pages are most of a read's page faults);
    a file that grows after its size was taken is still read to the end, and still limited."""
    import os

    from clausewise import fileio

    big = tmp_path / "big.yaml"
    big.write_bytes(b"x" * 3_000_000)
    sizes: list[int] = []
    real_read = os.read

    def read(fd: int, n: int) -> bytes:
        sizes.append(n)
        chunk = real_read(fd, n)
        if len(sizes) == 1:
            big.write_bytes(b"x" * 3_000_100)  # grows between the size and the reads
        return chunk

    monkeypatch.setattr(fileio.os, "read", read)
    assert len(read_bytes(big)) == 3_000_100
    assert sizes[0] > 3_000_000 and len(sizes) == 3
    with pytest.raises(InputErrors, match="too large"):
        read_bytes(big, max_bytes=3_000_050)
