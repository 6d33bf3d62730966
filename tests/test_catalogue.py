"""The open-data catalogue at /data/: each dataset with its fields, licence, latest change and
formats, and the same as DCAT-AP and schema.org JSON-LD, read with pyld against contexts kept
in the repository (no network)."""

import json
import re
from pathlib import Path

import pytest
from pyld import jsonld

from corridor.opendata import DATASETS
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

CONTEXTS = {"https://schema.org": Path(__file__).parent / "files" / "jsonld" / "schema.org.jsonld"}
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "http://schema.org/"


def local_contexts(url, options=None):
    """pyld's document loader: the contexts kept here, and nothing from the network."""
    path = CONTEXTS.get(url.rstrip("/"))
    if path is None:
        raise jsonld.JsonLdError(f"no network: {url}", "loading document failed")
    return {"contextUrl": None, "documentUrl": url, "document": json.loads(path.read_text())}


def documents(html):
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    return [json.loads(text) for text in found]


def expand(document):
    return jsonld.expand(document, {"documentLoader": local_contexts})


def values(node, term):
    return [value.get("@value", value.get("@id")) for value in node.get(term, [])]


@pytest.fixture
def page(client):
    EnterpriseFactory(name="Listed Co")
    EnterpriseFactory(name="Draft Co", status="draft")
    response = client.get("/en/data/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_catalogue_lists_every_dataset_with_its_formats_and_licence(page):
    for key, dataset in DATASETS.items():
        assert f'id="{key}"' in page and str(dataset.title) in page
        for file_format in ("csv", "xlsx", "json"):
            assert f'href="/en/data/{key}.{file_format}"' in page
        for field_key, _header in dataset.fields:
            assert f'<code lang="en">{field_key}</code>' in page
    assert 'rel="license" lang="en">CC BY 4.0</a>' in page
    # Published records only.
    section = page[page.index('id="enterprises"') : page.index('id="news"')]
    assert "<dt>Records</dt><dd>1</dd>" in section


def test_dcat_ap_expands_offline_and_every_dataset_has_a_title_licence_and_distribution(page):
    dcat = next(d for d in documents(page) if d.get("@type") == "Catalog")
    expanded = expand(dcat)
    catalogue = next(n for n in expanded if f"{DCAT}Catalog" in n.get("@type", []))
    datasets = catalogue[f"{DCAT}dataset"]
    assert len(datasets) == len(DATASETS)
    for dataset in datasets:
        assert f"{DCAT}Dataset" in dataset["@type"]
        assert values(dataset, f"{DCT}title")
        assert values(dataset, f"{DCT}license") == ["https://creativecommons.org/licenses/by/4.0/"]
        distributions = dataset[f"{DCAT}distribution"]
        assert len(distributions) == 3
        for distribution in distributions:
            (url,) = values(distribution, f"{DCAT}downloadURL")
            assert url.startswith("http://testserver/en/data/")
            assert values(distribution, f"{DCAT}mediaType")


def test_schema_org_dataset_markup_expands_against_the_kept_context(page, client):
    catalog = next(d for d in documents(page) if d.get("@type") == "DataCatalog")
    expanded = expand(catalog)
    (node,) = expanded
    datasets = node[f"{SCHEMA}dataset"]
    assert len(datasets) == len(DATASETS)
    for dataset in datasets:
        assert f"{SCHEMA}Dataset" in dataset["@type"]
        assert values(dataset, f"{SCHEMA}name")
        assert values(dataset, f"{SCHEMA}license")
        for download in dataset[f"{SCHEMA}distribution"]:
            (url,) = values(download, f"{SCHEMA}contentUrl")
            assert client.get(url.removeprefix("http://testserver")).status_code == 200


def test_no_context_is_fetched_from_the_network():
    with pytest.raises(jsonld.JsonLdError):
        expand({"@context": "https://example.com/context.jsonld", "name": "x"})


def test_the_catalogue_is_in_both_languages(client):
    html = client.get("/zh-hans/data/").content.decode()
    assert "<h1>开放数据</h1>" in html
    assert 'href="/zh-hans/data/enterprises.csv"' in html


def test_the_catalogue_describes_the_api_for_people_and_harvesters(page, client):
    assert 'href="/api/v1/"' in page and 'href="/api/schema/"' in page
    assert 'href="/api/docs/"' in page
    for key in DATASETS:
        assert f'<a href="/api/v1/{key}/"><code lang="en">/api/v1/{key}/</code></a>' in page
    assert "Up to 10000 requests a minute from each address" in page  # the test settings' limit
    (dcat,) = [d for d in documents(page) if d.get("@type") == "Catalog"]
    (catalog,) = [node for node in expand(dcat) if f"{DCAT}Catalog" in node.get("@type", [])]
    (service,) = catalog[f"{DCAT}service"]
    assert f"{DCAT}DataService" in service["@type"]
    assert values(service, f"{DCAT}endpointURL") == ["http://testserver/api/v1/"]
    assert values(service, f"{DCAT}endpointDescription") == ["http://testserver/api/schema/"]
    served = values(service, f"{DCAT}servesDataset")
    assert served == [f"http://testserver/en/data/#{key}" for key in DATASETS]
    # Every address it gives answers.
    for url in (*served[:1], *values(service, f"{DCAT}endpointURL")):
        assert client.get(url.removeprefix("http://testserver")).status_code == 200
