"""`newsbitext review OUT REVIEW_JSONL`: an editor's decisions on the flags, exported from the QA report
(`Export review.jsonl`), applied to a finished run's parallel corpus without running the pipeline again.

A decision names one flag by its identity (`emit.flag_key`: article, role, ko and en sentence indexes, flag type,
check) and carries the segment's two texts, so a file made on another run is caught rather than applied. A
dismissed flag counts as absent: a segment whose every flag is dismissed enters the corpus like an unflagged one,
even where QE scored it below `emit.min_score` (its score fell by those very flags: the editor's reading wins over
the automatic score). An accepted flag keeps its segment out, even in a run with `--keep-flagged`. Decisions that
match no flag of the run, or whose texts differ from the run's, are not applied: each is told on stderr and
counted, never dropped silently. The last line for a flag wins.

The corpus (parallel.tsv/.ko/.en/.tmx, dataset/) is rebuilt from articles.jsonl and the pipeline's own flags
every time, so a review replaces any earlier one (an empty file brings back the run's own corpus), and applying
the same file twice gives the same bytes. The file is kept as OUT/review.jsonl and named, with what it changed, in
manifest.json's "review".

Room: running, beside the runner, whose lock, checks and corpus writing it reuses. May import `run.*`, `io`,
`emit`, `config`, `records`, `errors`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..config import EmitConfig
from ..emit import CorpusFilter, FlagKey, flag_key, segment_rows
from ..errors import InputError, UsageError, log
from ..io.articles import read_articles
from ..io.writers import AtomicFile, output_digests, rewrite_manifest, top_level_names
from .runner import OutLock, clear_leftovers, emit_corpus, finished_run

REVIEW = "review.jsonl"
DECISIONS = ("accept", "dismiss")
_TEXT_FIELDS = ("article", "role", "type", "check", "decision", "ko_text", "en_text")
_TOLD = 20  # not-applied decisions told one by one; the rest in one line


@dataclass(frozen=True, slots=True)
class Decision:
    """One line of a review file: what the editor decided, and the texts the flagged segment had."""

    line: int
    decision: str
    ko_text: str
    en_text: str


@dataclass
class ReviewSummary:
    accepted: int = 0
    dismissed: int = 0
    not_applied: int = 0
    superseded: int = 0  # lines overridden by a later line for the same flag
    added: int = 0  # pairs in the corpus that the run's own corpus left out
    removed: int = 0  # pairs of the run's own corpus now left out
    kept: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def line(self, review: Path, out: Path) -> str:
        superseded = f", {self.superseded} line(s) superseded by a later one" if self.superseded else ""
        return (f"{review} applied to {out}: {self.accepted} accepted, {self.dismissed} dismissed, "
                f"{self.not_applied} not applied{superseded}; corpus {self.kept} pairs ({self.added} added, "
                f"{self.removed} removed against the run's own); kept as {out / REVIEW}")


def read_review(path: Path, data: bytes) -> tuple[dict[FlagKey, Decision], int]:
    """The decisions of a review file by flag (the last line for a flag wins) and how many lines a later one
    superseded. A line that is not a decision stops the command, naming file:line and what is wrong."""
    decisions: dict[FlagKey, Decision] = {}
    superseded = 0
    for n, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue

        def bad(why: str, n: int = n) -> UsageError:
            return UsageError(f"{path}:{n}: {why}; a review file has one decision a line, as the report's "
                              "Export review.jsonl writes it")

        try:
            record = json.loads(raw.decode("utf-8").removeprefix("\ufeff"))
        except UnicodeDecodeError:
            raise bad("not UTF-8 text") from None
        except ValueError as exc:
            raise bad(f"not JSON ({exc})") from None
        if not isinstance(record, dict):
            raise bad("not a JSON object")
        missing = [k for k in (*_TEXT_FIELDS, "ko", "en") if k not in record]
        if missing:
            raise bad(f"no {', '.join(missing)}")
        for key in _TEXT_FIELDS:
            if not isinstance(record[key], str):
                raise bad(f'"{key}" is not a string')
        for key in ("ko", "en"):
            if not isinstance(record[key], list) or not all(type(i) is int and i >= 0 for i in record[key]):
                raise bad(f'"{key}" is not a list of sentence indexes')
        if record["decision"] not in DECISIONS:
            raise bad(f'"decision" is {record["decision"]!r}, not "accept" or "dismiss"')
        if not isinstance(record.get("note", ""), str):
            raise bad('"note" is not a string')
        key = (record["article"], record["role"], tuple(record["ko"]), tuple(record["en"]), record["type"],
               record["check"])
        superseded += key in decisions
        decisions[key] = Decision(n, record["decision"], record["ko_text"], record["en_text"])
    return decisions, superseded


def apply_review(out: Path, review: Path) -> ReviewSummary:
    """Apply the decisions in `review` to the finished run in `out` (see the module's docstring): the corpus
    rebuilt, the file kept as OUT/review.jsonl, manifest.json brought up to date. Holds OUT's lock throughout."""
    if not out.is_dir():
        raise InputError(f"{out}: no such folder")
    try:
        data = review.read_bytes()
    except OSError as exc:
        raise UsageError(f"{review}: cannot read the review file ({exc.strerror or exc})") from None
    decisions, superseded = read_review(review, data)
    with OutLock(out):
        clear_leftovers(out)
        manifest = finished_run(out, "articles.jsonl")
        signature = manifest.get("signature") or ""
        settings = (manifest.get("corpus") or {}).get("emit")
        if settings is None:
            raise UsageError(f"{out}: the run there wrote no parallel corpus (no emit stage); there is nothing for a "
                             "review to change")
        own = CorpusFilter(EmitConfig(**settings))  # the run's own corpus, decided again to compare
        applied, not_applied = _match(out, decisions, own)
        summary = ReviewSummary(superseded=superseded, not_applied=len(not_applied))
        _tell(review, not_applied)
        if decisions and not applied:
            raise UsageError(f"{review}: none of its {len(decisions)} decision(s) matches a flag of the run in {out} "
                             "(made on another run?); nothing was changed")
        summary.accepted = sum(1 for d in applied.values() if d == "accept")
        summary.dismissed = len(applied) - summary.accepted
        digest = hashlib.sha256(data).hexdigest()
        reviewed = CorpusFilter(own.cfg, applied)
        compress = (manifest.get("corpus") or {}).get("compression", "none")
        counts = emit_corpus(out, reviewed, signature + (f"|review:{digest[:12]}" if applied else ""),
                             None if compress == "none" else compress)
        pairs = list(zip(own.decisions, reviewed.decisions, strict=True))
        summary.added = sum(1 for before, after in pairs if after and not before)
        summary.removed = sum(1 for before, after in pairs if before and not after)
        summary.kept, summary.counts = counts["kept"], dict(counts)
        target = AtomicFile(out / REVIEW, binary=True)
        target.handle.write(data)
        target.commit()
        _update_manifest(out, manifest, summary, digest)
    return summary


def _match(out: Path, decisions: dict[FlagKey, Decision],
           own: CorpusFilter) -> tuple[dict[FlagKey, str], dict[int, tuple[FlagKey, str]]]:
    """One pass over articles.jsonl: the decisions that name a flag of this run with the same texts (by flag, as
    "accept" or "dismiss"), those that do not (with why), and the run's own corpus decided in `own` for the
    comparison."""
    applied: dict[FlagKey, str] = {}
    differ: dict[FlagKey, str] = {}
    for pair in read_articles(out / "articles.jsonl"):
        for seg in pair.segments or ():
            for flag in seg.flags:
                key = flag_key(pair.id, seg.role, seg.ko, seg.en, flag)
                found = decisions.get(key)
                if found is None:
                    continue
                if (found.ko_text, found.en_text) == (seg.ko_text, seg.en_text):
                    applied[key] = found.decision
                else:
                    differ[key] = "the segment's text in this run differs from the file's (made on another run?)"
        for row in segment_rows(pair):
            own.add(row)
    not_applied = {key: differ.get(key, "this run has no such flag") for key in decisions if key not in applied}
    return applied, {decisions[key].line: (key, why) for key, why in not_applied.items()}


def _tell(review: Path, not_applied: dict[int, tuple[FlagKey, str]]) -> None:
    for n, (line, (key, why)) in enumerate(sorted(not_applied.items())):
        if n == _TOLD:
            log.warning(f"{review}: and {len(not_applied) - _TOLD} more decision(s) not applied")
            break
        article, role, ko, en, kind, check = key
        log.warning(f"{review}:{line}: not applied: {kind} flag ({check}) of {article} {role} "
                    f"ko {list(ko)} en {list(en)}: {why}")


def _update_manifest(out: Path, manifest: dict, summary: ReviewSummary, digest: str) -> None:
    """manifest.json with the corpus counts, "review", "files" and "outputs" as they now are; nothing in it
    depends on when the review was applied, so the same review gives the same manifest."""
    counts = {k: v for k, v in manifest.get("counts", {}).items() if not k.startswith("corpus/")}
    counts.update({f"corpus/{k}": v for k, v in summary.counts.items()})
    manifest = {k: v for k, v in manifest.items() if k not in ("review", "files", "outputs")}
    manifest["counts"] = dict(sorted(counts.items()))
    manifest["review"] = {"file": REVIEW, "sha256": digest, "accepted": summary.accepted,
                          "dismissed": summary.dismissed, "not_applied": summary.not_applied,
                          "segments_added": summary.added, "segments_removed": summary.removed}
    manifest["files"] = top_level_names(out)
    manifest["outputs"] = output_digests(out)
    rewrite_manifest(out, manifest)
