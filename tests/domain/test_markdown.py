from bot.domain import markdown


def test_escape_keeps_markdown_characters_literal():
    assert markdown.escape("Fund_A *B* [c]") == r"Fund\_A \*B\* \[c\]"


def test_link_title_and_address_cannot_break_out():
    made = markdown.link("Bonds [beta]", "https://example.org/a (b)")
    assert made == r"[**Bonds \[beta\]**](https://example.org/a%20%28b%29)"


def test_plain_text_for_a_terminal():
    text = ("Support: " + markdown.link("EU_City Facility", "https://eucityfacility.eu/")
            + f" ({markdown.escape('*Energy* Cities')})" + markdown.LINE_BREAK
            + "Fits &lt;Valongo&gt;")
    assert markdown.plain_text(text) == (
        "Support: EU_City Facility <https://eucityfacility.eu/> (*Energy* Cities)\n"
        "Fits <Valongo>")
