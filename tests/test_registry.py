"""The content models are named once; everything that goes through them all reads that list."""

import ast
from pathlib import Path

import pytest

from corridor import registry
from corridor.roles import EDITORS, PUBLISHERS, role_permissions
from corridor.search import SEARCH_TYPES
from corridor.sitemaps import SITEMAPS
from corridor.spreadsheets.resources import RESOURCES, resource_for

CORRIDOR = Path(__file__).resolve().parent.parent / "corridor"


def test_resources_roles_search_and_sitemaps_follow_the_registry():
    assert list(RESOURCES) == list(registry.NAMES)
    granted = {code for _app, code in role_permissions()[EDITORS]}
    assert {f"change_{name}" for name in registry.NAMES} <= granted
    publishing = {code for _app, code in role_permissions()[PUBLISHERS] if "publish_" in code}
    assert publishing == {f"publish_{m._meta.model_name}" for m in registry.publishable()}
    assert [t.model._meta.model_name for t in SEARCH_TYPES] == list(registry.SEARCHED)
    assert set(SITEMAPS) - {"pages"} == {c.plural for c, _model in registry.with_pages()}


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("enterprises", "enterprise"),
        ("Fund-Investments", "fundinvestment"),
        ("news", "newsitem"),
        ("key-figures", "indicator"),
        ("figures", "indicator"),
        ("City", "city"),
    ],
)
def test_commands_name_content_by_any_usual_word(word, name):
    assert resource_for(word)._meta.model._meta.model_name == name


def names_imported(path):
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(("." * node.level) + node.module)
    return found


def test_managers_do_not_import_models():
    assert not {".models", "corridor.models"} & names_imported(CORRIDOR / "managers.py")


def test_the_list_of_content_models_is_written_once():
    """No module but the registry names all the content models."""
    everyone = {"City", "Industry", "Park", "Enclave", "Enterprise", "Fund", "NewsItem"}
    for path in CORRIDOR.rglob("*.py"):
        if "migrations" in path.parts or path.name in ("models.py", "admin.py", "views.py"):
            continue
        source = path.read_text()
        named = {name for name in everyone if f"{name}," in source or f"{name})" in source}
        assert named != everyone, path


def test_publication_states_are_named_choices():
    from corridor.models import PublishableModel, State

    assert set(State.values) == {"draft", "scheduled", "published", "expired"}
    assert set(PublishableModel.Status.values) == {"draft", "published"}
    for path in CORRIDOR.rglob("*.py"):
        if "migrations" in path.parts or path.name == "models.py":  # where they are declared
            continue
        source = path.read_text()
        for word in ('"draft"', '"scheduled"', '"expired"', "'draft'", "'published'"):
            assert word not in source, (path, word)
