"""The audit pages' fast Markdown escape says exactly what pages.markdown_text says."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.portal.audit_pages import escape
from generator.portal.pages import markdown_text
from generator.records.workspace import printable

MARKDOWN = "\\`*_{}[]()#+-.!|<>&"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(MARKDOWN) | st.characters(), max_size=60))
def test_escape_is_markdown_text_of_printable(text: str) -> None:
    assert escape(text) == markdown_text(printable(text))
