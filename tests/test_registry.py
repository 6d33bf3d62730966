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
    """No module but the registry names all the content models, except those that describe
    each model in its own way (fields, admin pages, views, open-data columns)."""
    everyone = {"City", "Industry", "Park", "Enclave", "Enterprise", "Fund", "NewsItem"}
    for path in CORRIDOR.rglob("*.py"):
        if "migrations" in path.parts or path.name in (
            "models.py",
            "admin.py",
            "translation.py",
            "views.py",
            "opendata.py",
        ):
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


def test_the_spreadsheet_feature_is_one_package_that_maps_itself():
    import importlib
    import pkgutil

    import corridor.spreadsheets as package

    app = Path(package.__file__).parent.parent
    for scattered in ("resources.py", "importing.py", "spreadsheets.py", "admin_spreadsheets.py"):
        assert not (app / scattered).exists(), scattered
    assert (app / "management" / "__init__.py").read_text().strip() == ""
    modules = {info.name for info in pkgutil.iter_modules(package.__path__)}
    assert modules == {
        "reader",
        "widgets",
        "engine",
        "resources",
        "service",
        "admin",
        "models",
        "jobs",
        "tasks",
    }
    for name in modules:
        assert f"``{name}``" in package.__doc__, name
        assert importlib.import_module(f"corridor.spreadsheets.{name}").__doc__, name
    assert "make benchmark" in package.__doc__  # where our code beats the library, and how we know


@pytest.mark.django_db
def test_the_admin_index_follows_the_registry_and_the_import_rule(client):
    from django.contrib import admin
    from django.urls import reverse

    from corridor.spreadsheets.service import import_file
    from tests import spreadsheet_files as files
    from tests.factories import UserFactory, member

    assert set(registry.models()) <= set(admin.site._registry)
    editor = member(EDITORS)
    from tests import factories

    drafts = [
        getattr(factories, f"{model.__name__}Factory")(status="draft")
        for model in registry.publishable()
    ]
    batch = import_file(
        "industry", files.xlsx([["Name"], ["Photonics"]]), "i.xlsx", user=editor
    ).batch
    client.force_login(editor)
    page = client.get(reverse("admin:index"))
    assert {obj for obj, _meta in page.context["draft_items"]} == set(drafts)
    assert list(page.context["recent_imports"]) == [batch]
    assert client.get(reverse("admin:corridor_importbatch_changelist")).status_code == 200
    outsider = UserFactory(username="outsider", is_staff=True)
    client.force_login(outsider)
    page = client.get(reverse("admin:index"))
    assert list(page.context["recent_imports"]) == []
    assert client.get(reverse("admin:corridor_importbatch_changelist")).status_code == 403
