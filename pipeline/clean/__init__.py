"""The clean stage: a decoded page in, its article out (title, subtitles, captions, body, byline, date).

A cascade, as in trafilatura: the site profile when one matches the page (by URL or signature), then the generic
path if the profile under-delivers (no title, or a body shorter than `clean.min_body_chars`). A page whose input
says it is Korean (or English) but whose article reads as the other language is refused here.

Room: a stage (records to records, no I/O). May import `config`, `records`, `lang`, `dates`.
"""

from __future__ import annotations

from ..config import CleanConfig
from ..lang import LANG_NAMES, detect_lang
from ..records import Article, Page, Rejected
from .html import UnparsableHtml, extract_html, xml_declares_entities
from .lines import Fields, extract_fields, label_line, reporter_byline
from .profile import SITES, SiteProfile, load_profile

__all__ = ["ArticleCleaner", "Fields", "SiteProfile", "load_profile"]


class ArticleCleaner:
    """`ArticleCleaner(cfg)(page) -> Article | Rejected`, holding the site profiles it was configured with."""

    name = "clean"

    def __init__(self, cfg: CleanConfig, hangul_share_korean: float = 0.3) -> None:
        self.cfg = cfg
        self.hangul_share_korean = hangul_share_korean
        self.max_article_chars = cfg.max_article_chars
        self.generic = load_profile("generic")
        names = [s for s in SITES if s != "generic"] if cfg.site == "auto" else (
            [] if cfg.site == "none" else [cfg.site])
        self.profiles = [load_profile(name) for name in names]

    def signature(self) -> str:
        profiles = "+".join(p.version for p in [*self.profiles, self.generic])
        return (f"clean:site={self.cfg.site},min_body={self.cfg.min_body_chars},max={self.max_article_chars},"
                f"profiles={profiles}")

    def profile_version(self, site: str) -> str | None:
        """`asiae@1f2e3d4c5b`: the version of the profile that cleaned an article, for its provenance."""
        return next((p.version for p in [*self.profiles, self.generic] if p.name == site), None)

    def _profile_for(self, page: Page) -> SiteProfile | None:
        if self.cfg.site not in ("auto", "none"):
            return self.profiles[0]
        return next((p for p in self.profiles if p.matches(page.url, page.text[:200_000])), None)

    def _extract(self, page: Page, profile: SiteProfile, use_selectors: bool) -> Fields:
        if page.kind == "html":
            return extract_html(page.text, profile, use_profile_selectors=use_selectors)
        return extract_fields(page.text.splitlines(), profile)

    def _enough(self, fields: Fields) -> bool:
        return bool(fields.title) and sum(map(len, fields.paragraphs)) >= self.cfg.min_body_chars

    def __call__(self, page: Page) -> Article | Rejected:
        article = self._clean(page)
        label_line.cache_clear()  # its lines' labels served this page's passes; memory is not kept past it
        if isinstance(article, Article) and page.declared_lang and article.lang != page.declared_lang:
            return Rejected(page.source, "clean", f"given as {LANG_NAMES[page.declared_lang]} but its article text "
                                                  f"is {LANG_NAMES.get(article.lang, article.lang)}")
        return article

    def _clean(self, page: Page) -> Article | Rejected:
        if page.kind == "html" and xml_declares_entities(page.text):
            return Rejected(page.source, "clean", "the page declares its own XML entities in a DOCTYPE (the shape of "
                                                  "an entity-expansion attack); refusing to parse it")
        profile = self._profile_for(page)
        fields, site = None, ""
        try:
            if profile is not None:
                fields, site = self._extract(page, profile, use_selectors=True), profile.name
            if fields is None or not self._enough(fields):
                fields, site = self._extract(page, self.generic, use_selectors=False), self.generic.name
        except UnparsableHtml as exc:
            return Rejected(page.source, "clean", f"cannot parse the HTML: {exc}")
        text_chars = sum(map(len, (fields.title, *fields.subtitles, *fields.captions, *fields.paragraphs)))
        if text_chars > self.max_article_chars:
            return Rejected(page.source, "clean", f"the article text has {text_chars:,} characters, more than "
                                                  f"clean.max_article_chars ({self.max_article_chars:,}): a page that "
                                                  "holds a book or many articles, not one news article")
        body_chars = sum(map(len, fields.paragraphs))
        if body_chars < self.cfg.min_body_chars and fields.script_only:
            return Rejected(page.source, "clean", "the article text is only rendered by scripts: the page is an "
                                                  "application shell and neither its markup nor its script data "
                                                  "holds the article")
        shown = fields.visible if page.kind == "html" else page.text
        page_lang = detect_lang(shown[:50_000], self.hangul_share_korean)
        if body_chars < self.cfg.min_body_chars and page_lang not in ("ko", "en", "und"):
            return Rejected(page.source, "clean", f"the page is in {LANG_NAMES.get(page_lang, page_lang)}, "
                                                  f"not Korean or English")
        if body_chars < self.cfg.min_body_chars:
            what = "no article body" if not body_chars else f"an article body of only {body_chars} characters"
            return Rejected(page.source, "clean", f"no article found: the page has {what} (at least "
                                                  f"{self.cfg.min_body_chars} needed; clean.min_body_chars)")
        lang = detect_lang(" ".join((fields.title, *fields.paragraphs)), self.hangul_share_korean)
        return Article(
            source=page.source, lang=lang, title=fields.title, subtitles=fields.subtitles, captions=fields.captions,
            paragraphs=fields.paragraphs, byline=reporter_byline(fields.byline), published=fields.published,
            url=page.url,
            extractor=f"{site}/{page.kind}", site=site, sha256=page.sha256, encoding=page.encoding)
