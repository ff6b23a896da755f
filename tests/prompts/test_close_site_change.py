"""The changes language's close_site: a site closed on one date of the week (a holiday)."""
import pytest

from rules.errors import DocumentError
from rules.instance import parse_instance
from solver.changes import JSON_SCHEMA, apply_changes, changes_document
from tests.prompts.week import week


def test_it_adds_a_site_closed_rule():
    new = apply_changes(week(), changes_document({"kind": "close_site", "site": "lourdes", "date": "2026-12-08"}))
    added = [r for r in new["rules"] if r["kind"] == "site_closed"]
    assert added == [{"id": "mudanca-1", "kind": "site_closed", "site": "lourdes", "date": "2026-12-08",
                      "label": "Lourdes fechada em terça 08/12 (simulação)"}]  # fmt: skip
    assert parse_instance(new).site_closed_by("lourdes", __import__("datetime").date(2026, 12, 8)) == "mudanca-1"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"kind": "close_site", "site": "centro", "date": "2026-12-08"}, "changes[0].site", "unidade desconhecida: centro"),
        ({"kind": "close_site", "site": "lourdes", "date": "2026-12-20"}, "changes[0].date", "fora da semana"),
        ({"kind": "close_site", "site": "lourdes"}, "changes[0].date", "campo obrigatório ausente"),
    ],
)
def test_it_names_the_field_it_refuses(change, field, message):
    with pytest.raises(DocumentError) as info:
        apply_changes(week(), changes_document(change))
    assert info.value.field == field
    assert message in info.value.message


def test_the_published_schema_knows_it():
    kinds = JSON_SCHEMA["properties"]["changes"]["items"]["properties"]["kind"]["enum"]
    assert "close_site" in kinds
