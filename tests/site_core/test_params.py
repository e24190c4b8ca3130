"""The request-parameter helpers never raise, whatever a client sends."""

import pytest
from django.http import QueryDict

from site_core import params


class TestParseInt:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("12", 12),
            (" 7 ", 7),
            ("0", 0),
            ("²", None),
            ("١٢", None),
            ("1e3", None),
            ("-3", None),
            ("", None),
            ("9" * 4301, None),
            (None, None),
            (True, None),
            (5, 5),
            ("12\x00", None),
        ],
    )
    def test_accepts_ascii_digits_only(self, raw, expected):
        assert params.parse_int(raw) == expected

    def test_bounds_fall_back_to_default(self):
        assert params.parse_int("1850", 0, minimum=1900, maximum=2100) == 0
        assert params.parse_int("2026", 0, minimum=1900, maximum=2100) == 2026

    def test_signed_when_asked(self):
        assert params.parse_int("-3", signed=True) == -3


class TestParseText:
    @pytest.mark.parametrize("raw", ["a\x00b", "x\x07", "\ud800", 3, None, ["a"]])
    def test_refuses_control_characters_and_non_text(self, raw):
        assert params.parse_text(raw, "défaut") == "défaut"

    def test_cuts_to_max_length_and_keeps_accents(self):
        assert params.parse_text("  éducation populaire  ", max_length=9) == "éducation"

    def test_keeps_newlines_of_a_form_value(self):
        assert params.parse_text("ligne 1\nligne 2", max_length=50) == "ligne 1\nligne 2"


class TestQueryDicts:
    def test_int_list_skips_junk(self):
        data = QueryDict("id=1&id=%C2%B2&id=x&id=3&id=0")
        assert params.get_int_list(data, "id") == [1, 3]

    def test_text_list_skips_nul(self):
        data = QueryDict("theme=a%00b&theme=gouvernance&theme=")
        assert params.get_text_list(data, "theme") == ["gouvernance"]

    @pytest.mark.parametrize("raw", ["", "0", "-1", "²", "abc", "9" * 5000])
    def test_page_number_defaults_to_one(self, raw):
        assert params.get_page_number(QueryDict(f"page={raw}")) == 1

    def test_page_number_reads_a_sane_value(self):
        assert params.get_page_number(QueryDict("page=4")) == 4
