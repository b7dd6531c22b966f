"""Each document's language, offline: an article not in English is archived and listed
("language uk: not extracted yet"), no claim is guessed from it, nothing is lost; English
full of foreign names stays English. Sentences of our own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimledger.clean.language import detect_language
from claimledger.cli import main

pytest.importorskip("lingua")

UKRAINIAN = ("Уповноважений з прав людини заявив у понеділок, що понад 2000 мешканців міста "
             "були вивезені до сусідньої області без їхньої згоди. За його словами, серед них "
             "щонайменше 300 дітей, і рідні досі не мають з ними зв'язку.\n")
FRENCH = ("Le ministère de l'Intérieur a affirmé mardi que 12 000 personnes avaient défilé dans "
          "les rues de la ville, tandis que les syndicats en ont compté plus de 40 000.\n")
ENGLISH_WITH_NAMES = ("Lyudmyla Denysenko of the Kharkivska oblast council said 1,200 people "
                      "had left Zaporizhzhia and Mykolaiv for Dnipro, Kryvyi Rih and Poltava.\n")


@pytest.mark.parametrize("text, code", [(UKRAINIAN, "uk"), (FRENCH, "fr"),
                                        (ENGLISH_WITH_NAMES, "en")])
def test_a_text_is_told_by_its_language(text, code):
    assert detect_language(text) == code


def test_too_little_text_is_undetermined_and_read_as_english():
    assert detect_language("12,000 | 40,000") == "und"


def test_an_article_in_another_language_is_archived_listed_and_not_extracted(runner,
                                                                             tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "uk.txt").write_text(UKRAINIAN, encoding="utf-8")
    (docs / "fr.txt").write_text(FRENCH, encoding="utf-8")
    (docs / "en.txt").write_text(ENGLISH_WITH_NAMES, encoding="utf-8")
    db = str(tmp_path / "l.db")
    result = runner.invoke(main, ["run", str(docs), "--db", db])
    assert result.exit_code == 0, result.output
    assert "language fr: not extracted yet (archived): 1 document: fr.txt" in result.stdout
    assert "language uk: not extracted yet (archived): 1 document: uk.txt" in result.stdout
    out = runner.invoke(main, ["export", "--format", "jsonl", "--db", db]).stdout
    assert {json.loads(line)["doc"] for line in out.splitlines()} == {"en.txt"}
    listed = runner.invoke(main, ["documents", "--db", db]).stdout
    assert "uk.txt" in listed and "language uk: not extracted yet" in listed
    assert "verify: OK" in runner.invoke(main, ["verify", "--db", db]).output
