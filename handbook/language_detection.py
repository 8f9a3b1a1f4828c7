"""Which language is a page written in? Lingua, restricted to the languages that can occur in this handbook.

The detector knows English, Albanian, Bosnian, Croatian, Serbian, Macedonian and Bulgarian: the five site languages
and the two that a Bosnian, Croatian or Macedonian text is most easily mistaken for. Bosnian, Croatian and Serbian
are close enough that a Bosnian page detected as Croatian (or the reverse) is accepted; a Macedonian page must be
detected as Macedonian (Bulgarian or Serbian means it is not Macedonian).

Before detection the Markdown is reduced to its prose: front matter, code, data directives, link targets, HTML
tags, attribute lists, footnote definitions, tables of names, URLs and words without a lower-case letter (TIP,
UNODC, 1244/1999) are removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lingua import Language as LinguaLanguage
from lingua import LanguageDetectorBuilder

LINGUA = {
    "en": LinguaLanguage.ENGLISH,
    "sq": LinguaLanguage.ALBANIAN,
    "bs": LinguaLanguage.BOSNIAN,
    "hr": LinguaLanguage.CROATIAN,
    "sr": LinguaLanguage.SERBIAN,
    "mk": LinguaLanguage.MACEDONIAN,
    "bg": LinguaLanguage.BULGARIAN,
}
CODES = {value: key for key, value in LINGUA.items()}
NAMES = {"en": "English", "sq": "Albanian", "bs": "Bosnian", "hr": "Croatian", "sr": "Serbian", "mk": "Macedonian",
         "bg": "Bulgarian"}
# Detected languages accepted for a page of each site language.
ACCEPTED = {
    "en": {"en"},
    "sq": {"sq"},
    "bs": {"bs", "hr", "sr"},
    "hr": {"hr", "bs", "sr"},
    "mk": {"mk"},
}
MIN_WORDS = 12  # below this, a text is too short to tell


@lru_cache(maxsize=1)
def detector():
    """Built once per process, with only the relevant languages (fast and far more accurate than all 75).

    Low-accuracy mode uses trigrams only: lingua uses nothing else for texts of 120 characters or more anyway, and
    it saves loading the other n-gram models (about a second) for paragraph-sized texts."""
    return LanguageDetectorBuilder.from_languages(*LINGUA.values()).with_low_accuracy_mode().build()


@dataclass(frozen=True)
class Detection:
    code: str  # en, sq, bs, hr, sr, mk, bg
    confidence: float  # 0..1, relative to the other candidates
    words: int

    @property
    def name(self) -> str:
        return NAMES[self.code]


# --- Markdown to prose ------------------------------------------------------------------------------------------

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SUBSTITUTIONS = [
    (re.compile(r"<!--.*?-->", re.S), " "),
    (re.compile(r"\{\{.*?\}\}", re.S), " "),  # data directives
    (re.compile(r"(`+).+?\1"), " "),  # inline code
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), " "),  # images
    (re.compile(r"\[\^[^\]]+\]"), " "),  # footnote references
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links: keep the text
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"\{:?[^{}\n]*\}"), " "),  # attribute lists
    (re.compile(r"<[^>\n]+>"), " "),  # HTML tags
    (re.compile(r"(?:https?|ftp|file|mailto|tel):\S+|www\.\S+|\S+@\S+\.\w+"), " "),
    (re.compile(r"&[a-z]+;|&#\d+;"), " "),
]


def _drop_name_tables(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Tables whose cells are short (names, codes, dates) say nothing about the language: drop them.
    Tables of sentences keep their cell text."""
    out: list[tuple[int, str]] = []
    index = 0
    while index < len(lines):
        text = lines[index][1]
        starts_table = _TABLE_ROW.match(text) or (
            "|" in text and index + 1 < len(lines) and _TABLE_RULE.match(lines[index + 1][1]))
        if starts_table:
            block = []
            while index < len(lines) and "|" in lines[index][1] and lines[index][1].strip():
                if not _TABLE_RULE.match(lines[index][1]):
                    block.append(lines[index])
                index += 1
            rows = [(n, [c.strip() for c in t.strip().strip("|").split("|")]) for n, t in block]
            cells = [c for _, row in rows for c in row if c]
            words = sum(len(c.split()) for c in cells)
            if cells and words / len(cells) > 4:
                out.extend((n, " ".join(row) + ".") for n, row in rows)
            continue
        out.append(lines[index])
        index += 1
    return out


def prose_lines(markdown: str) -> list[tuple[int, str]]:
    """(1-based line, prose) for each line of the page that holds prose; front matter and code removed."""
    lines = markdown.split("\n")
    start = 0
    if lines and lines[0].rstrip() == "---":
        for index in range(1, len(lines)):
            if lines[index].rstrip() in ("---", "..."):
                start = index + 1
                break
    kept: list[tuple[int, str]] = []
    fence = None
    for number, line in enumerate(lines, start=1):
        if number <= start:
            continue
        match = _FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        if re.match(r"^\s{0,3}\[\^[^\]]+\]:", line) or re.match(r"^\s{0,3}\[[^\]]+\]:\s*\S+", line):
            continue  # footnote definitions (sources, names of laws) and link reference definitions
        if re.match(r"^\s*\*\[[^\]]+\]:", line):
            continue  # abbreviations
        kept.append((number, line))
    result = []
    for number, text in _drop_name_tables(kept):
        text = re.sub(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*|!!!\s*\w+|\?\?\?\+?\s*\w+)", " ", text)
        for pattern, replacement in _SUBSTITUTIONS:
            text = pattern.sub(replacement, text)
        words = [w for w in re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text) if any(ch.islower() for ch in w)]
        if words:
            result.append((number, " ".join(words)))
    return result


def prose(markdown: str) -> str:
    return " ".join(text for _, text in prose_lines(markdown))


def paragraphs(markdown: str) -> list[tuple[int, str]]:
    """(first line, prose) of each paragraph-like block (runs of prose lines without a blank line between)."""
    blocks: list[tuple[int, list[str]]] = []
    previous = None
    for number, text in prose_lines(markdown):
        if previous is not None and number == previous + 1 and blocks:
            blocks[-1][1].append(text)
        else:
            blocks.append((number, [text]))
        previous = number
    return [(number, " ".join(texts)) for number, texts in blocks]


# --- Detection --------------------------------------------------------------------------------------------------


def detect(text: str) -> Detection | None:
    """The most likely language of ``text`` (already prose), or None if it is too short to tell."""
    words = len(text.split())
    if words < MIN_WORDS:
        return None
    values = detector().compute_language_confidence_values(text)
    if not values:
        return None
    best = values[0]
    return Detection(CODES[best.language], best.value, words)


def detect_markdown(markdown: str) -> Detection | None:
    return detect(prose(markdown))


def accepted(expected: str, detected: str) -> bool:
    """Is a page of site language ``expected`` allowed to be detected as ``detected``?"""
    return detected in ACCEPTED.get(expected, {expected})


def english_paragraphs(markdown: str, min_words: int = 15, min_confidence: float = 0.9) -> list[tuple[int, Detection]]:
    """Paragraphs of a translated page that are still in English: (line, detection)."""
    found = []
    candidates = [(n, t) for n, t in paragraphs(markdown) if len(t.split()) >= min_words]
    if not candidates:
        return found
    results = detector().compute_language_confidence_values_in_parallel([t for _, t in candidates])
    for (number, text), values in zip(candidates, results):
        if values and values[0].language == LinguaLanguage.ENGLISH and values[0].value >= min_confidence:
            found.append((number, Detection("en", values[0].value, len(text.split()))))
    return found
