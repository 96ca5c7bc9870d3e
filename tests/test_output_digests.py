"""The outputs of `newsbitext run corpora -o OUT` against a committed digest list.

`tests/data/run-digests.json` was written from the runner before it was carved into stages (commit 7e7fb41, with
`PYTHONPATH` pointing at that tree), and no refactoring rewrites it: every output file must keep its bytes. It is
rewritten only when the outputs are meant to change, said in the commit (issue 15: Korean bylines as their
reporters, the asiae profile's new selectors in the provenance). Scores are printed to four decimals from encoder
floats, whose last bits follow the BLAS kernel the CPU selects: on a machine of another CPU family, check first
that the tree before a change gives the listed bytes, and rewrite the list from that tree if it does not.
Masked are only what is meant to change: the run's signature (it names every setting, and gains fields as
settings are added to it) in each form a file holds it, the dataset's fingerprint (a hash of that signature),
manifest.json's times, and in report.html the checkout's folder in the file: links to the pages.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIGESTS = ROOT / "tests" / "data" / "run-digests.json"
MANIFEST_KEYS = ("newsbitext", "config", "pairs", "articles", "counts", "files")


def output_digests(out: Path) -> dict:
    """SHA-256 of every file a run wrote (the signature and fingerprint masked), and the manifest's untimed
    fields."""
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    signature = manifest["signature"]
    forms = {signature, html.escape(signature, quote=False),  # as written, as XML text (TMX), as script JSON
             json.dumps(signature)[1:-1].replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")}
    files = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        name = path.relative_to(out).as_posix()
        if name == "manifest.json" or name.startswith(".work/"):
            continue
        data = path.read_bytes()
        for form in forms:
            data = data.replace(form.encode(), b"<signature>")
        if name == "report.html":  # its links to the pages are file: URLs, which name where the checkout is
            data = data.replace(ROOT.as_uri().encode(), b"<checkout>")
        if name == "dataset/state.json":
            data = re.sub(rb'"_fingerprint": "[0-9a-f]+"', b'"_fingerprint": "<fingerprint>"', data)
        files[name] = hashlib.sha256(data).hexdigest()
    return {"files": files, "manifest": {k: manifest[k] for k in MANIFEST_KEYS}}


def run_corpus(out: Path) -> subprocess.CompletedProcess:
    """The README's run, from the repository root with a relative input (the sources in the outputs are paths
    as given)."""
    return subprocess.run([sys.executable, "-m", "newsbitext.pipeline.cli", "run", "corpora", "-o", str(out),
                           "--quiet"], capture_output=True, text=True, cwd=ROOT, timeout=600)


def test_run_outputs_keep_their_bytes(tmp_path):
    done = run_corpus(tmp_path / "out")
    assert done.returncode == 0, done.stderr
    found = output_digests(tmp_path / "out")
    expected = json.loads(DIGESTS.read_text("utf-8"))
    assert found["manifest"] == expected["manifest"]
    changed = sorted(name for name in expected["files"].keys() | found["files"].keys()
                     if expected["files"].get(name) != found["files"].get(name))
    assert not changed, f"outputs differ from tests/data/run-digests.json: {changed}"


if __name__ == "__main__":  # writes the digest list: only when the outputs are meant to change, said in the commit
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        done = run_corpus(Path(tmp) / "out")
        if done.returncode:
            sys.exit(done.stderr)
        DIGESTS.write_text(json.dumps(output_digests(Path(tmp) / "out"), indent=1, ensure_ascii=False) + "\n",
                           encoding="utf-8")
