"""The French catalogues are complete and compiled (the site speaks French to people)."""

import gettext
import re
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(BASE_DIR.glob("*/locale/fr/LC_MESSAGES/django.po"))


def po_entries(path):
    """(msgid, [msgstr...], flags) for every entry of a .po file except the header."""
    text = path.read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n"):
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        msgid = "".join(re.findall(r'^(?:msgid |")(?:")?(.*)"$', block.split("msgstr")[0], re.M))
        msgstrs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"(?:\n"(.*)")*', block, re.M)
        if "msgid" not in block or msgid == "":
            continue
        entries.append((msgid, ["".join(parts) for parts in msgstrs], flags))
    return entries


def test_there_are_catalogues():
    assert any("site_core" in str(path) for path in CATALOGUES)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_is_complete_and_not_fuzzy(path):
    untranslated = [msgid for msgid, msgstrs, flags in po_entries(path) if not all(msgstrs)]
    fuzzy = [msgid for msgid, _, flags in po_entries(path) if "fuzzy" in flags]
    assert untranslated == [], f"untranslated in {path}"
    assert fuzzy == [], f"fuzzy in {path}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_compiled_catalogue_matches_the_po_file(path):
    mo_path = path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages`"
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    missing = [
        msgid
        for msgid, msgstrs, _ in po_entries(path)
        if "%(" not in msgid
        and "\\" not in msgid
        and compiled.gettext(msgid) == msgid
        and msgstrs[0] != msgid
    ]
    assert missing == [], f"{mo_path} is older than {path.name}: run `make messages`"
