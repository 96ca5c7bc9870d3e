"""A run as a transaction on its output folder: killed at any moment and resumed to the same bytes, one command at a
time in a folder, no temporary file outliving its run, write errors as one line with exit 2, and readers that
trust only what a finished run's manifest names."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .conftest import CLI, CORPUS, newsbitext, read_jsonl
from .test_scale import tree

PAIRS = ("kospi-record-high", "boj-rate-hike")  # two pairs each (HTML and text): four shards of one pair


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    for name in PAIRS:
        shutil.copytree(CORPUS / name, folder / name)
    return folder


def run(pages: Path, out: Path, *flags: str, env: dict | None = None, quiet: bool = True) -> subprocess.CompletedProcess:
    """The run, telling only errors unless `quiet` is False (then its summary line too)."""
    return subprocess.run([*CLI, "run", str(pages), "-o", str(out), *(["--quiet"] if quiet else []), "--workers", "1",
                           *flags],
                          capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def finished(pages, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("finished") / "out"
    done = run(pages, out)
    assert done.returncode == 0, done.stderr
    return out


def leftovers(out: Path) -> list[str]:
    """What a finished run must not leave: hidden files and folders (the lock, the shard store, temporary files)."""
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".") or p.name.endswith(".tmp"))


def test_killed_at_any_moment_a_resume_gives_the_same_bytes(pages, finished, tmp_path):
    """SIGKILL at 24 moments spread over a whole run (shards being written and stored, the merge, each output
    before and after it is renamed into place, the dataset swapped in, the manifest, the shard store's removal),
    each followed by `--resume`: the same bytes as an uninterrupted run every time, nothing temporary left."""
    trace = tmp_path / "moments.txt"
    done = run(pages, tmp_path / "traced", env={"NEWSBITEXT_MOMENTS": str(trace)})
    assert done.returncode == 0, done.stderr
    moments = trace.read_text().splitlines()
    names = {m.rsplit(":", 1)[0] for m in moments}
    assert {"shard stored", "merging shards", "committed articles.jsonl", "dataset in place", "written report.html",
            "committed manifest.json", "shard store set aside", "shard store emptying"} <= names
    chosen = sorted({moments[round(i * (len(moments) - 1) / 23)] for i in range(24)} | {"shard store emptying:1"},
                    key=moments.index)
    assert len(chosen) >= 20
    expected = tree(finished)

    def kill_then_resume(moment: str) -> tuple[str, str | None]:
        out = tmp_path / f"killed-{chosen.index(moment)}"
        killed = run(pages, out, env={"NEWSBITEXT_KILL_AT": moment})
        if killed.returncode != -9:
            return moment, f"not killed: exit {killed.returncode} {killed.stderr[-300:]}"
        resumed = run(pages, out, "--resume")
        if resumed.returncode != 0:
            return moment, f"resume failed: {resumed.stderr[-500:]}"
        if leftovers(out):
            return moment, f"left behind: {leftovers(out)}"
        found = tree(out)
        if found != expected:
            return moment, f"other bytes than an uninterrupted run: {[k for k in expected if found.get(k) != expected[k]]}"
        return moment, None

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(kill_then_resume, chosen))
    assert [r for r in results if r[1] is not None] == []


def test_killed_while_overwriting_an_earlier_run(pages, finished, tmp_path):
    """A kill while --overwrite clears an earlier run leaves a folder marked unfinished (its manifest went first),
    never the old manifest beside new files; running again with --overwrite gives the run's bytes."""
    out = tmp_path / "out"
    shutil.copytree(finished, out)
    killed = run(pages, out, "--overwrite", env={"NEWSBITEXT_KILL_AT": "earlier outputs removing:3"})
    assert killed.returncode == -9
    assert not (out / "manifest.json").exists() and (out / "report.html").exists()
    report = newsbitext("report", str(out))
    assert report.returncode == 1 and f"{out}: holds no finished run: there is no manifest.json" in report.stderr
    resumed = run(pages, out, "--resume")
    assert resumed.returncode == 2 and "nothing to resume: no interrupted run is there" in resumed.stderr
    again = run(pages, out, "--overwrite")
    assert again.returncode == 0, again.stderr
    assert tree(out) == tree(finished) and leftovers(out) == []


def test_one_command_at_a_time_in_an_output_folder(pages, tmp_path):
    """A second run into a folder another run is writing is refused with the holder's pid (exit 2), and the first
    finishes untouched; the lock goes with its process, so a killed run leaves none behind."""
    out = tmp_path / "out"
    first = subprocess.Popen([*CLI, "run", str(pages), "-o", str(out), "--quiet", "--workers", "1"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (out / ".lock").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    second = run(pages, out)
    assert first.wait(timeout=300) == 0, first.stderr.read() if first.stderr else ""
    assert second.returncode == 2
    assert f"{out}: another newsbitext command (pid {first.pid}) is writing into this folder" in second.stderr
    assert leftovers(out) == [] and (out / "manifest.json").is_file()

    killed = run(pages, tmp_path / "killed", env={"NEWSBITEXT_KILL_AT": "shard stored:2"})
    assert killed.returncode == -9 and (tmp_path / "killed" / ".lock").exists()  # the file stays; its lock went
    assert run(pages, tmp_path / "killed", "--resume").returncode == 0


def test_resume_of_a_finished_run_does_nothing_and_says_what_it_did(pages, tmp_path):
    """`--resume` where the same run finished (killed, if at all, while clearing up): nothing is rewritten, and the
    summary line counts the pairs and problems as that run did."""
    inputs = tmp_path / "in"
    shutil.copytree(pages, inputs)
    (inputs / "stray.en.txt").write_text("An English page with no Korean partner.", encoding="utf-8")
    out = tmp_path / "out"
    first = run(inputs, out, quiet=False)
    assert first.returncode == 0 and "4 of 4 article pairs written" in first.stderr and "; 1 problem(s)" in first.stderr
    before = tree(out)
    again = run(inputs, out, "--resume", quiet=False)
    assert again.returncode == 0 and "the run there had finished; nothing to resume" in again.stderr
    assert "4 of 4 article pairs written" in again.stderr and "; 1 problem(s)" in again.stderr
    assert tree(out) == before and leftovers(out) == []


def test_a_held_lock_names_its_holder(pages, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out / ".lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, b"424242\n")
        done = run(pages, out)
        report = newsbitext("report", str(out))
    finally:
        os.close(fd)
    assert done.returncode == 2 and "another newsbitext command (pid 424242)" in done.stderr
    assert "Traceback" not in report.stderr and "pid 424242" in report.stderr
    assert not (out / "articles.jsonl").exists()


def test_leftovers_of_killed_runs_are_cleared(pages, finished, tmp_path):
    """Temporary files of killed commands (AtomicFile's, the dataset's, a shard store on its way out) are removed
    by the next command into the folder."""
    out = tmp_path / "out"
    out.mkdir()
    (out / ".articles.jsonl.x1y2.tmp").write_text("half")
    (out / ".parallel.tsv.a1b2.tmp").write_text("half")
    (out / ".report.html.c3d4.tmp").write_text("half")
    (out / ".dataset.e5f6" / "cache").mkdir(parents=True)
    (out / ".work-done-123" / "shard-000001").mkdir(parents=True)
    done = run(pages, out)
    assert done.returncode == 0, done.stderr
    assert leftovers(out) == [] and tree(out) == tree(finished)


def _mount_tmpfs(path: Path, size: str) -> None:
    path.mkdir(parents=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a small file system needs root to mount a tmpfs")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")


@pytest.fixture(params=["120k", "200k", "280k"])
def small_disk(request, tmp_path):
    """A file system that fills up while the shards are merged, while the corpus files are written, and while the
    dataset is built (the run needs about 300 KB)."""
    mount = tmp_path / "disk"
    _mount_tmpfs(mount, request.param)
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_ends_the_run_with_one_line_and_resume_finishes_it(pages, finished, small_disk):
    out = small_disk / "out"
    done = run(pages, out)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("newsbitext: ")
    assert ("cannot write: no space left on the device: free some space, then run the same command with --resume"
            in done.stderr)
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".dataset.")]
    assert not (out / "manifest.json").exists()
    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    resumed = run(pages, out, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert tree(out) == tree(finished) and leftovers(out) == []


def test_a_read_only_output_folder_is_one_line(pages, tmp_path):
    disk = tmp_path / "ro"
    _mount_tmpfs(disk, "1m")
    try:
        (disk / "out").mkdir()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        for out in (disk / "out", disk / "new"):
            done = run(pages, out)
            assert done.returncode == 2 and "Traceback" not in done.stderr
            assert f"{out}: cannot write: the file system is read-only: give -o a folder on a writable one" \
                in done.stderr
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_an_output_path_through_a_file_is_one_line(pages, tmp_path):
    (tmp_path / "a-file").write_text("x")
    done = run(pages, tmp_path / "a-file" / "out")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "a part of the path is a file, not a folder" in done.stderr


def test_an_unwritable_folder_is_refused_before_anything_runs(pages):
    """Permission bits bind only a user without root's powers: the check runs as `nobody` where the tests are
    root (the effective uid of this process, set back at once)."""
    base = Path(tempfile.mkdtemp(prefix="newsbitext-"))
    try:
        base.chmod(0o555)
        from newsbitext.pipeline.errors import OutputError, UsageError
        from newsbitext.pipeline.run.runner import check_out

        as_root = os.geteuid() == 0
        if as_root:
            os.seteuid(65534)
        try:
            with pytest.raises((UsageError, OutputError)) as caught:
                check_out(base / "out")
        finally:
            if as_root:
                os.seteuid(0)
        assert "permission denied" in str(caught.value).lower()
    finally:
        base.chmod(0o755)
        shutil.rmtree(base)


def test_report_reads_only_a_finished_run(finished, tmp_path):
    """`newsbitext report` on a folder whose articles.jsonl is not the one the manifest names (edited, truncated,
    broken) refuses with the path; on a finished run it rewrites the report and brings the manifest up to date."""
    out = tmp_path / "out"
    shutil.copytree(finished, out)
    (out / "report.html").unlink()
    done = newsbitext("report", str(out))
    assert done.returncode == 0, done.stderr
    assert (out / "report.html").read_bytes() == (finished / "report.html").read_bytes()
    assert tree(out) == tree(finished)
    lines = (out / "articles.jsonl").read_text("utf-8").splitlines()
    (out / "articles.jsonl").write_text("\n".join([lines[0], lines[1][:200], *lines[2:]]) + "\n", "utf-8")
    broken = newsbitext("report", str(out))
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    assert f"{out / 'articles.jsonl'}: does not match {out / 'manifest.json'}" in broken.stderr


def test_articles_jsonl_that_breaks_is_named_with_its_line(finished, tmp_path):
    from newsbitext.pipeline.errors import InputError
    from newsbitext.pipeline.io.articles import read_articles

    path = tmp_path / "articles.jsonl"
    lines = (finished / "articles.jsonl").read_bytes().splitlines(keepends=True)
    path.write_bytes(lines[0] + b'{"id": "x", "ko": \n' + b"\xff\xfe\n")
    with pytest.raises(InputError, match=rf"{path}:2: not an article record"):
        list(read_articles(path))


def test_a_write_error_names_the_path_and_what_to_do():
    from newsbitext.pipeline.errors import output_error

    for code, advice in ((errno.ENOSPC, "free some space, then run the same command with --resume"),
                         (errno.EROFS, "read-only"), (errno.EACCES, "permission denied"),
                         (errno.ENOTDIR, "a part of the path is a file")):
        message = str(output_error(Path("OUT"), OSError(code, os.strerror(code), "OUT/parallel.tsv")))
        assert message.startswith("OUT/parallel.tsv: cannot write: ") and advice in message


def test_the_manifest_names_every_output_with_its_digest(finished):
    import hashlib

    manifest = json.loads((finished / "manifest.json").read_text("utf-8"))
    files = sorted(str(p.relative_to(finished)) for p in finished.rglob("*") if p.is_file()
                   and p.name != "manifest.json")
    assert sorted(manifest["outputs"]) == files
    for name, entry in manifest["outputs"].items():
        data = (finished / name).read_bytes()
        assert entry == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    assert read_jsonl(finished / "errors.jsonl") == []
