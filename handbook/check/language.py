"""Each page is written in its folder's language (an English page left in docs_mk/ is an error)."""

from __future__ import annotations

from handbook.check import Skipped
from handbook.check.context import Context
from handbook.errors import Finding

NAMES = {"en": "English", "sq": "Albanian", "bs": "Bosnian", "hr": "Croatian", "mk": "Macedonian"}


def check_language(ctx: Context) -> list[Finding]:
    try:
        from handbook import language_detection as ld
    except ImportError as error:
        raise Skipped(f"lingua-language-detector is not installed ({error}); install requirements-test.txt")
    findings: list[Finding] = []
    too_short = 0
    for page in ctx.pages:
        code = page.lang.code
        if code not in ld.ACCEPTED:
            continue
        expected = NAMES.get(code, page.lang.name)
        detection = ld.detect_markdown(page.text)
        if detection is None:
            too_short += 1
            continue
        if not ld.accepted(code, detection.code):
            line = next((n for n in range(page.body_start + 1, len(page.lines) + 1)
                         if page.lines[n - 1].strip()), page.body_start + 1)
            if detection.code == "en" and not page.lang.default:
                hint = (f"translate it into {expected}, or delete it: readers then get the English page with a "
                        "notice that it is not yet translated")
            elif page.lang.default:
                hint = (f"write the English original here; a {detection.name} text belongs in the "
                        f"{detection.name} folder")
            elif code == "mk":
                hint = "write the page in Macedonian (Cyrillic script, Macedonian spelling: ќ ѓ ѕ љ њ џ ј)"
            else:
                hint = f"write the page in {expected}, or move it to the folder of its language"
            findings.append(Finding(page.path, line, f"page is written in {detection.name}, not {expected} "
                                    f"(detected with confidence {detection.confidence:.2f})", hint))
            continue
        if not page.lang.default:
            for number, found in ld.english_paragraphs(page.text):
                findings.append(Finding(page.path, number, f"this paragraph is still in English, not {expected}",
                                        "translate it (names of laws and institutions may stay as they are)",
                                        "warning"))
    if too_short:
        ctx.note("language", f"{too_short} page(s) too short to tell (under {ld.MIN_WORDS} words of prose)")
    return findings
