"""Byte-for-byte guard for performance work: this checkout's reports against another source tree's.

    python benchmarks/same_output.py --base SRC [--sizes 1000,10000] [--formats json,markdown]

SRC is another checkout of clausewise (e.g. the commit before a change: ``git archive <commit> | tar -x -C
/tmp/base``). Every example dossier (``examples/*``, the workbook too; with the built-in pack and with each
example pack) and the benchmark's synthetic dossiers
of ``--sizes`` facts (``dossiergen.py``, built-in pack; ``peergen.py``, the peer pack) are assessed by both
(an example pack with its own ``dossier/`` folder, another standard's, on that dossier only; a base that
predates such a pack reports it as a difference),
in English and Chinese, in each format; any difference is printed and the exit code is 1.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import peers  # noqa: E402


def assess(src: Path | None, dossier: Path, pack: str, fmt: str, lang: str) -> bytes:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    cmd = [sys.executable, "-m", "clausewise", "assess", str(dossier), "--pack", pack, "-f", fmt, "-l", lang]
    # not from the checkout: ``python -m`` puts the working directory first on sys.path, before PYTHONPATH
    done = subprocess.run([*cmd, "--fail-on", "never"], env=env, cwd=Path.home(), capture_output=True, check=False)
    return done.stdout + f"\nexit {done.returncode}".encode()  # a tree that cannot read the case differs


def _loads(pack: str) -> bool:
    done = subprocess.run([sys.executable, "-m", "clausewise", "rules", "list", "--pack", pack], capture_output=True)
    return done.returncode == 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=Path, required=True)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--formats", default="json,markdown")
    args = ap.parse_args()
    folders = [p for p in sorted((ROOT / "examples").iterdir()) if p.is_dir() and p.name != "workbook"]
    dossiers = [p for p in folders if not (p / "pack.yaml").exists()]
    # Example packs on ISO 9001 too; a pack of another standard brings its own dossier (examples/iso14001)
    # and is judged on that one only.
    packs = ["iso9001", *(str(p) for p in folders if (p / "pack.yaml").exists() and not (p / "dossier").is_dir())]
    cases: list[tuple[Path, str]] = [(d, pack) for d in dossiers for pack in packs]
    cases += [(p / "dossier", str(p)) for p in folders if (p / "pack.yaml").exists() and (p / "dossier").is_dir()]
    cases += [(p, "iso9001") for p in sorted((ROOT / "examples" / "workbook").glob("*.xlsx"))]
    for size in (int(s) for s in args.sizes.split(",") if s):
        cases.append((peers.ensure_builtin(size), "iso9001"))
        cases.append((peers.ensure_peer(size)[0], str(peers.PACK)))
        cases.append((peers.ensure_peer(size)[1], str(peers.PACK)))
        cases.append((peers.ensure_peer(size)[1], "iso9001"))  # a JSON dossier through the built-in pack too
    differ = 0
    if not _loads(str(peers.PACK)):
        print(f"note: the peer pack does not load here; its cases are left out: {peers.PACK}", flush=True)
        cases = [(d, p) for d, p in cases if p != str(peers.PACK)]
    for dossier, pack in cases:
        for fmt in args.formats.split(","):
            for lang in ("en", "zh"):
                same = assess(None, dossier, pack, fmt, lang) == assess(args.base.resolve(), dossier, pack, fmt, lang)
                differ += not same
                print(f"{'same' if same else 'DIFFERENT':9s} {dossier.relative_to(ROOT)} {fmt} {lang}", flush=True)
    print(f"{len(cases) * 2 * len(args.formats.split(','))} reports compared, {differ} different")
    raise SystemExit(1 if differ else 0)


if __name__ == "__main__":
    main()
