"""The workers an executor runs: the pipeline's stages over the pages of a shard, and over a crawl's pages for
content pairing.

Room: running. A worker builds its `Pipeline` once (models included) and reads its pages itself, from the
locators its tasks carry, so neither the run nor its queue holds pages. It never raises for one pair's sake: an
unexpected error becomes that pair's line in errors.jsonl; it tells nothing itself (the runner tells each
shard's problems as the shard is stored). May import `pipeline`, `records`, `stats`, `anchors`, `pairing`,
`run.tasks`, `run.store`, `faults`.
"""

from __future__ import annotations

from dataclasses import replace

from ..anchors import anchor_tokens
from ..config import Config
from ..faults import fail_at
from ..pairing import PageFeatures
from ..pipeline import PageResult, Pipeline
from ..records import Rejected, internal_error
from ..stats import Stats
from .store import ShardResult
from .tasks import PageLocator, PairTask


class PairWorker:
    """The stages for article pairs as one worker holds them, loaded once and reused for every pair."""

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self.pipeline = Pipeline(cfg)

    def _page(self, locator: PageLocator, lang: str, stats: Stats) -> PageResult:
        """One page through the page stages, with the guard of last resort: whatever a page makes go wrong costs
        that page (named, with the exception's type) and never its shard."""
        try:
            fail_at(f"page {locator.source}")
            raw = locator.read(self.cfg.ingest.max_page_bytes)
            if isinstance(raw, Rejected):
                stats.counts[f"{raw.level}/{raw.stage}"] += 1
                return PageResult(locator.source, None, [raw])
            if raw.declared_lang is None:  # the pair says which side it is
                raw = replace(raw, declared_lang=lang)
            return self.pipeline.page(raw, stats)
        except Exception as exc:  # a bug must cost one page, not the run
            stats.counts["error/internal"] += 1
            return PageResult(locator.source, None, [internal_error(locator.source, "internal", exc)])

    def shard(self, tasks: list[PairTask]) -> ShardResult:
        result = ShardResult()
        before = self.pipeline.model_counts()
        for task in tasks:
            ko = self._page(task.ko, "ko", result.stats)
            result.problems += ko.problems
            en = self._page(task.en, "en", result.stats)
            result.problems += en.problems
            try:
                fail_at(f"pair {task.pair.id}")
                out = self.pipeline.pair(task.pair.id, ko, en, result.stats)
            except Exception as exc:  # a bug must cost one pair, not the run
                result.problems.append(internal_error(f"{task.ko.source} + {task.en.source}", "internal", exc))
                result.stats.counts["error/internal"] += 1
                continue
            if isinstance(out, list):
                result.problems += out
            else:
                result.articles.append(out)
                result.signature = out.provenance.signature
        after = self.pipeline.model_counts()
        result.stats.counts.update({k: v - before.get(k, 0) for k, v in after.items()})
        return result


class FeatureReader:
    """Reads pages into what content pairing compares: each page decoded and cleaned (the pipeline's page stages
    up to `clean`), its title, lead, anchors and date."""

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self.pipeline = Pipeline(cfg, upto="clean")

    def __call__(self, locators: list[PageLocator]) -> tuple[list[PageFeatures], list[Rejected]]:
        features, rejected = [], []
        stats = Stats()
        for locator in locators:
            try:
                raw = locator.read(self.cfg.ingest.max_page_bytes)
                page = (self.pipeline.page(raw, stats) if not isinstance(raw, Rejected)
                        else PageResult(raw.source, None, [raw]))
            except Exception as exc:  # a bug must cost one page, not the run
                page = PageResult(locator.source, None, [internal_error(locator.source, "internal", exc)])
            if page.article is None:
                rejected += [p for p in page.problems if p.level == "error"]
                continue
            article = page.article.article
            text = " ".join([article.title, *article.subtitles, *article.paragraphs])
            lead = " ".join(article.paragraphs)[:600]
            features.append(PageFeatures(locator.source, article.lang, article.title, lead, anchor_tokens(text),
                                         article.published))
        return features, rejected
