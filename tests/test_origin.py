"""Where each evidence item starts is kept beside pydantic, not as a private attribute: pydantic initialises
private attributes in Python for every instance it validates, a third of validating a large dossier."""

from __future__ import annotations

from pathlib import Path

from clausewise.errors import Location
from clausewise.evidence.loader import load_dossier
from clausewise.evidence.model import SECTIONS

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-2020"


def test_validating_an_item_runs_no_python_per_instance() -> None:
    for name, model in SECTIONS.items():
        assert not model.__private_attributes__, name
        assert model.__pydantic_post_init__ is None, name


def test_a_loaded_item_knows_where_it_starts_and_the_origin_is_not_data() -> None:
    dossier = load_dossier(SEED)
    items = [item for _section, item in dossier.items()]
    assert items
    for item in items:
        where = item._origin
        assert isinstance(where, Location) and where.line > 0 and where.file.startswith(str(SEED))
        assert "_origin_at" not in item.__dict__ and "_origin_at" not in item.model_dump()
    model = type(items[0])
    built = model.model_validate(items[0].model_dump())
    assert built._origin is None  # built in code: no origin
    built._origin = Location("x.yaml", 3)
    assert built._origin == Location("x.yaml", 3)
    assert built.model_dump() == items[0].model_dump()
