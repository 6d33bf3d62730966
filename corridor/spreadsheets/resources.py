"""One resource per content model: its columns, their headers (English, with the Chinese ones
editors use), and how a row finds its item. The base class is ``engine.CorridorResource``."""

import unicodedata

from .. import models as corridor
from .. import registry
from ..text import slug_from
from .engine import (
    SOURCE_COLUMNS,
    CorridorResource,
    NamedResource,
    PublishableResource,
    SourcedResource,
    boolean,
    choice,
    chunks,
    column,
    lookup,
    many,
    rich_text,
)
from .widgets import (
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    YearWidget,
    date_precision,
    parse_date,
)

ALIASES = {
    "Name": ("名称", "英文名", "english name", "name (english)"),
    "Chinese name": ("中文名", "中文名称", "name_zh"),
    "Slug": ("网址名",),
    "City": ("城市", "所在城市"),
    "Province": ("省份",),
    "Industries": ("产业", "行业", "industry"),
    "Park": ("园区",),
    "Innovation enclave": ("飞地", "科创飞地", "enclave"),
    "Founded": ("成立年份", "founded year"),
    "Listing board": ("上市板块", "board", "listing"),
    "Stock code": ("股票代码",),
    "High-tech enterprise": ("高新技术企业", "high-tech", "high tech"),
    "Unified social credit code": ("统一社会信用代码", "credit code", "uscc"),
    "Summary": ("简介", "摘要"),
    "Description": ("介绍", "详细介绍"),
    "Website": ("网站", "官网"),
    "Status": ("状态",),
    "Publish at": ("发布时间",),
    "Title": ("标题",),
    "Body": ("正文",),
    "Date": ("日期",),
    "Amount": ("金额",),
    "Fund": ("基金",),
    "Enterprise": ("企业",),
    "Note": ("备注",),
    "Home city": ("派出城市",),
    "Host city": ("所在地", "落地城市"),
    "Value": ("数值",),
    "Unit": ("单位",),
    "Year": ("年份",),
    "Label": ("指标",),
    "Address": ("地址",),
    "Area (km²)": ("面积（平方公里）", "面积"),
    "Byline": ("作者",),
    "Chinese label": ("中文指标名",),
    "Chinese title": ("中文标题",),
    "Cities covered": ("覆盖城市",),
    "Currency": ("币种",),
    "Date precision": ("日期精度",),
    "Featured": ("推荐",),
    "Highlights": ("亮点",),
    "Image alt text": ("图片替代文字",),
    "Image caption": ("图片说明",),
    "Image credit": ("图片来源",),
    "Key figure": ("关键数据",),
    "Headline figure": ("重点数据",),
    "Theme": ("主题",),
    "Kind": ("类型",),
    "Latitude": ("纬度",),
    "Launched": ("设立年份",),
    "Logo alt text": ("标志替代文字",),
    "Longitude": ("经度",),
    "Manager": ("管理机构",),
    "Member city": ("成员城市",),
    "Opened": ("启用年份",),
    "Opened on": ("启用日期",),
    "Phase": ("阶段",),
    "Population": ("人口",),
    "Position": ("排序",),
    "Source": ("来源",),
    "Source (Chinese)": ("来源（中文）", "中文来源"),
    "Source article": ("来源文章",),
    "Source date": ("来源日期",),
    "Last checked": ("核实日期", "最近核实"),
    "Source link": ("来源链接",),
    "Source note": ("来源说明",),
    "Source published on": ("来源发布日期",),
    "Standfirst": ("导语",),
    "Strategic (6+X)": ("战略性产业（6+X）", "战略性产业"),
    "Total size": ("总规模",),
    "Unpublish at": ("下线时间",),
    "Year joined": ("加入年份",),
}

# Each text editors write in both languages has a column per language: "Summary" and
# "Summary (Chinese)", headed "简介（英文）" and "简介（中文）" in a Chinese template. The plain
# Chinese header ("简介") still means the English column, as files made before did.
TRANSLATED_HEADERS = (
    "Summary",
    "Description",
    "Image alt text",
    "Address",
    "Highlights",
    "Logo alt text",
    "Manager",
    "Note",
    "Standfirst",
    "Body",
    "Byline",
    "Image caption",
    "Unit",
    "Source note",
)
SECOND_HEADERS = {"Name": "Chinese name", "Title": "Chinese title", "Label": "Chinese label"}


def _in_both_languages(aliases):
    for header in (*TRANSLATED_HEADERS, *SECOND_HEADERS):
        chinese = aliases[header]
        second = SECOND_HEADERS.get(header, f"{header} (Chinese)")
        aliases[second] = (
            f"{chinese[0]}（中文）",
            *aliases.get(second, (f"中文{chinese[0]}",)),
            f"{header.lower()} (chinese)",
        )
        aliases[header] = (f"{chinese[0]}（英文）", f"英文{chinese[0]}", *chinese)
    return aliases


ALIASES = _in_both_languages(ALIASES)

BOARD_ALIASES = {
    "科创板": "star",
    "上交所": "sse",
    "上海证券交易所": "sse",
    "主板": "sse",
    "深交所": "szse",
    "深圳证券交易所": "szse",
    "北交所": "bse",
    "港交所": "hkex",
    "香港联交所": "hkex",
    "海外": "overseas",
    "未上市": "unlisted",
    "": "unlisted",
}
PROVINCE_ALIASES = {"上海": "shanghai", "浙江": "zhejiang", "江苏": "jiangsu", "安徽": "anhui"}
THEME_ALIASES = {
    "经济": "economy",
    "创新": "innovation",
    "人才": "talent",
    "人口与人才": "talent",
    "土地与环境": "land",
    "合作": "cooperation",
    "历史": "history",
}


class CityResource(NamedResource):
    province = choice("province", "Province", corridor.Province.choices, PROVINCE_ALIASES)
    is_member = boolean("is_member", "Member city")
    phase = choice(
        "phase", "Phase", corridor.Phase.choices, {"1.0": "1.0", "2.0": "2.0", "3.0": "3.0"}
    )
    joined_year = column("joined_year", "Year joined", YearWidget())
    position = column("position", "Position", IntegerWidget(), saves_null_values=False)
    latitude = column("latitude", "Latitude", DecimalWidget())
    longitude = column("longitude", "Longitude", DecimalWidget())
    area_km2 = column("area_km2", "Area (km²)", DecimalWidget())
    population = column("population", "Population", IntegerWidget())
    summary_en = column("summary_en", "Summary")
    summary_zh_hans = column("summary_zh_hans", "Summary (Chinese)")
    description_en = rich_text("description_en", "Description")
    description_zh_hans = rich_text("description_zh_hans", "Description (Chinese)")
    aliases = ALIASES
    required_columns = ("Name", "Province")

    class Meta(CorridorResource.Meta):
        model = corridor.City
        fields = (
            "name_en",
            "name_zh_hans",
            "slug",
            "province",
            "is_member",
            "phase",
            "joined_year",
            "position",
            "latitude",
            "longitude",
            "area_km2",
            "population",
            "summary_en",
            "summary_zh_hans",
            "description_en",
            "description_zh_hans",
        )
        export_order = import_order = fields


class IndustryResource(NamedResource):
    is_strategic = boolean("is_strategic", "Strategic (6+X)")
    position = column("position", "Position", IntegerWidget(), saves_null_values=False)
    summary_en = column("summary_en", "Summary")
    summary_zh_hans = column("summary_zh_hans", "Summary (Chinese)")
    aliases = ALIASES

    class Meta(CorridorResource.Meta):
        model = corridor.Industry
        fields = (
            "name_en",
            "name_zh_hans",
            "slug",
            "is_strategic",
            "position",
            "summary_en",
            "summary_zh_hans",
        )
        export_order = import_order = fields


class ParkResource(NamedResource, SourcedResource, PublishableResource):
    kind = choice("kind", "Kind", corridor.Park.Kind.choices)
    city = lookup("city", "City", corridor.City)
    area_km2 = column("area_km2", "Area (km²)", DecimalWidget())
    opened_year = column("opened_year", "Opened", YearWidget())
    industries = many("industries", "Industries", corridor.Industry)
    summary_en = column("summary_en", "Summary")
    summary_zh_hans = column("summary_zh_hans", "Summary (Chinese)")
    description_en = rich_text("description_en", "Description")
    description_zh_hans = rich_text("description_zh_hans", "Description (Chinese)")
    image_alt_en = column("image_alt_en", "Image alt text")
    image_alt_zh_hans = column("image_alt_zh_hans", "Image alt text (Chinese)")
    aliases = ALIASES
    required_columns = ("Name", "City")

    class Meta(CorridorResource.Meta):
        model = corridor.Park
        fields = (
            "name_en",
            "name_zh_hans",
            "slug",
            "kind",
            "city",
            "area_km2",
            "opened_year",
            "industries",
            "summary_en",
            "summary_zh_hans",
            "description_en",
            "description_zh_hans",
            "image_alt_en",
            "image_alt_zh_hans",
            *SOURCE_COLUMNS,
            "status",
            "publish_at",
            "unpublish_at",
        )
        export_order = import_order = fields


class EnclaveResource(NamedResource, SourcedResource, PublishableResource):
    home_city = lookup("home_city", "Home city", corridor.City)
    host_city = lookup("host_city", "Host city", corridor.City)
    park = lookup("park", "Park", corridor.Park)
    address_en = column("address_en", "Address")
    address_zh_hans = column("address_zh_hans", "Address (Chinese)")
    opened_on = column("opened_on", "Opened on", DateWidget())
    industries = many("industries", "Focus industries", corridor.Industry)
    summary_en = column("summary_en", "Summary")
    summary_zh_hans = column("summary_zh_hans", "Summary (Chinese)")
    description_en = rich_text("description_en", "Description")
    description_zh_hans = rich_text("description_zh_hans", "Description (Chinese)")
    is_featured = boolean("is_featured", "Featured")
    aliases = {**ALIASES, "Focus industries": ALIASES["Industries"]}
    required_columns = ("Name", "Home city", "Host city")

    class Meta(CorridorResource.Meta):
        model = corridor.Enclave
        fields = (
            "name_en",
            "name_zh_hans",
            "slug",
            "home_city",
            "host_city",
            "park",
            "address_en",
            "address_zh_hans",
            "opened_on",
            "industries",
            "summary_en",
            "summary_zh_hans",
            "description_en",
            "description_zh_hans",
            "is_featured",
            *SOURCE_COLUMNS,
            "status",
            "publish_at",
            "unpublish_at",
        )
        export_order = import_order = fields


class EnterpriseResource(NamedResource, SourcedResource, PublishableResource):
    """Enterprises, keyed by unified social credit code when given, else by slug."""

    credit_code = column("credit_code", "Unified social credit code")
    kind = choice(
        "kind",
        "Kind",
        corridor.Enterprise.Kind.choices,
        {"企业": "company", "公司": "company", "研究院": "institute", "大学": "university"},
    )
    city = lookup("city", "City", corridor.City)
    park = lookup("park", "Park", corridor.Park)
    enclave = lookup("enclave", "Innovation enclave", corridor.Enclave)
    industries = many("industries", "Industries", corridor.Industry)
    founded_year = column("founded_year", "Founded", YearWidget())
    listing_board = choice(
        "listing_board", "Listing board", corridor.Enterprise.Board.choices, BOARD_ALIASES
    )
    stock_code = column("stock_code", "Stock code")
    is_high_tech = boolean("is_high_tech", "High-tech enterprise")
    website = column("website", "Website")
    summary_en = column("summary_en", "Summary")
    summary_zh_hans = column("summary_zh_hans", "Summary (Chinese)")
    description_en = rich_text("description_en", "Description")
    description_zh_hans = rich_text("description_zh_hans", "Description (Chinese)")
    highlights_en = column("highlights_en", "Highlights")
    highlights_zh_hans = column("highlights_zh_hans", "Highlights (Chinese)")
    logo_alt_en = column("logo_alt_en", "Logo alt text")
    logo_alt_zh_hans = column("logo_alt_zh_hans", "Logo alt text (Chinese)")
    is_featured = boolean("is_featured", "Featured")
    aliases = ALIASES
    required_columns = ("Name", "City")

    class Meta(CorridorResource.Meta):
        model = corridor.Enterprise
        fields = (
            "name_en",
            "name_zh_hans",
            "slug",
            "credit_code",
            "kind",
            "city",
            "park",
            "enclave",
            "industries",
            "founded_year",
            "listing_board",
            "stock_code",
            "is_high_tech",
            "website",
            "summary_en",
            "summary_zh_hans",
            "description_en",
            "description_zh_hans",
            "highlights_en",
            "highlights_zh_hans",
            "logo_alt_en",
            "logo_alt_zh_hans",
            "is_featured",
            *SOURCE_COLUMNS,
            "status",
            "publish_at",
            "unpublish_at",
        )
        export_order = import_order = fields

    def credit_code_for_row(self, row):
        code = self.row_value(row, "Unified social credit code")
        return unicodedata.normalize("NFKC", str(code)).strip().upper() if code else ""

    def row_keys(self, row):
        code = self.credit_code_for_row(row)
        return ((("credit_code", code),) if code else ()) + super().row_keys(row)


class FundResource(NamedResource, SourcedResource, PublishableResource):
    kind = choice("kind", "Kind", corridor.Fund.Kind.choices)
    size_amount = column("size_amount", "Total size", DecimalWidget())
    currency = choice(
        "currency",
        "Currency",
        corridor.Fund.Currency.choices,
        {"人民币": "CNY", "元": "CNY", "rmb": "CNY", "美元": "USD"},
    )
    launched_year = column("launched_year", "Launched", YearWidget())
    manager_en = column("manager_en", "Manager")
    manager_zh_hans = column("manager_zh_hans", "Manager (Chinese)")
    cities = many("cities", "Cities covered", corridor.City)
    industries = many("industries", "Industries", corridor.Industry)
    summary_en = column("summary_en", "Summary")
    summary_zh_hans = column("summary_zh_hans", "Summary (Chinese)")
    description_en = rich_text("description_en", "Description")
    description_zh_hans = rich_text("description_zh_hans", "Description (Chinese)")
    is_featured = boolean("is_featured", "Featured")
    aliases = ALIASES

    class Meta(CorridorResource.Meta):
        model = corridor.Fund
        fields = (
            "name_en",
            "name_zh_hans",
            "slug",
            "kind",
            "size_amount",
            "currency",
            "launched_year",
            "manager_en",
            "manager_zh_hans",
            "cities",
            "industries",
            "summary_en",
            "summary_zh_hans",
            "description_en",
            "description_zh_hans",
            "is_featured",
            *SOURCE_COLUMNS,
            "status",
            "publish_at",
            "unpublish_at",
        )
        export_order = import_order = fields


class FundInvestmentResource(SourcedResource):
    """A fund's support for an enterprise: one row per (fund, enterprise) pair."""

    fund = lookup("fund", "Fund", corridor.Fund)
    enterprise = lookup(
        "enterprise",
        "Enterprise",
        corridor.Enterprise,
        keys=("slug", "name_en", "name_zh_hans", "credit_code"),
    )
    amount = column("amount", "Amount", DecimalWidget())
    date = column("date", "Date", DateWidget())
    note_en = column("note_en", "Note")
    note_zh_hans = column("note_zh_hans", "Note (Chinese)")
    aliases = ALIASES
    required_columns = ("Fund", "Enterprise")

    class Meta(CorridorResource.Meta):
        model = corridor.FundInvestment
        fields = (
            "fund",
            "enterprise",
            "amount",
            "date",
            "note_en",
            "note_zh_hans",
            *SOURCE_COLUMNS,
        )
        export_order = import_order = fields

    def pair_for_row(self, row):
        try:
            fund = self.fields["fund"].clean(row)
            enterprise = self.fields["enterprise"].clean(row)
        except ValueError:
            return None
        return (fund.pk, enterprise.pk) if fund and enterprise else None

    def row_keys(self, row):
        pair = self.pair_for_row(row)
        return (("pair", pair),) if pair else ()

    def key_attribute(self, key):
        return "enterprise"

    def load_instances(self, dataset):
        for field in (self.fields["fund"], self.fields["enterprise"]):
            field.widget.prepare()
        pairs = {self.pair_for_row(row) for row in dataset.dict} - {None}
        found = {}
        fund_ids = {fund for fund, _ in pairs}
        for part in chunks(fund_ids):
            for obj in self.get_queryset().filter(fund_id__in=part):
                if (obj.fund_id, obj.enterprise_id) in pairs:
                    found[("pair", (obj.fund_id, obj.enterprise_id))] = obj
        return found

    def unique_errors(self, instance):
        return {}


class NewsItemResource(PublishableResource):
    title_en = column("title_en", "Title")
    title_zh_hans = column("title_zh_hans", "Chinese title")
    slug = column("slug", "Slug")
    standfirst_en = column("standfirst_en", "Standfirst")
    standfirst_zh_hans = column("standfirst_zh_hans", "Standfirst (Chinese)")
    body_en = rich_text("body_en", "Body")
    body_zh_hans = rich_text("body_zh_hans", "Body (Chinese)")
    byline_en = column("byline_en", "Byline")
    byline_zh_hans = column("byline_zh_hans", "Byline (Chinese)")
    source_name = column("source_name", "Source")
    source_url = column("source_url", "Source link")
    source_published_on = column("source_published_on", "Source published on", DateWidget())
    image_alt_en = column("image_alt_en", "Image alt text")
    image_alt_zh_hans = column("image_alt_zh_hans", "Image alt text (Chinese)")
    image_caption_en = column("image_caption_en", "Image caption")
    image_caption_zh_hans = column("image_caption_zh_hans", "Image caption (Chinese)")
    image_credit = column("image_credit", "Image credit")
    is_featured = boolean("is_featured", "Featured")
    cities = many("cities", "Cities", corridor.City)
    industries = many("industries", "Industries", corridor.Industry)
    enterprises = many("enterprises", "Enterprises", corridor.Enterprise)
    name_column = "Title"
    required_columns = ("Title",)
    aliases = {**ALIASES, "Cities": ALIASES["City"], "Enterprises": ALIASES["Enterprise"]}

    class Meta(CorridorResource.Meta):
        model = corridor.NewsItem
        fields = (
            "title_en",
            "title_zh_hans",
            "slug",
            "standfirst_en",
            "standfirst_zh_hans",
            "body_en",
            "body_zh_hans",
            "byline_en",
            "byline_zh_hans",
            "source_name",
            "source_url",
            "source_published_on",
            "image_alt_en",
            "image_alt_zh_hans",
            "image_caption_en",
            "image_caption_zh_hans",
            "image_credit",
            "is_featured",
            "cities",
            "industries",
            "enterprises",
            "status",
            "publish_at",
            "unpublish_at",
        )
        export_order = import_order = fields


class MilestoneResource(SourcedResource, PublishableResource):
    date = column("date", "Date", DateWidget())
    precision = choice("precision", "Date precision", corridor.Milestone.Precision.choices)
    title_en = column("title_en", "Title")
    title_zh_hans = column("title_zh_hans", "Chinese title")
    slug = column("slug", "Slug")
    summary_en = column("summary_en", "Summary")
    summary_zh_hans = column("summary_zh_hans", "Summary (Chinese)")
    phase = choice(
        "phase", "Phase", corridor.Phase.choices, {"1.0": "1.0", "2.0": "2.0", "3.0": "3.0"}
    )
    city = lookup("city", "City", corridor.City)
    name_column = "Title"
    required_columns = ("Date", "Title")
    aliases = ALIASES

    class Meta(CorridorResource.Meta):
        model = corridor.Milestone
        fields = (
            "date",
            "precision",
            "title_en",
            "title_zh_hans",
            "slug",
            "summary_en",
            "summary_zh_hans",
            "phase",
            "city",
            *SOURCE_COLUMNS,
            "status",
            "publish_at",
            "unpublish_at",
        )
        export_order = import_order = fields

    def import_instance(self, instance, row, **kwargs):
        """A date given as a year (``2018``) or a month keeps that precision unless told."""
        super().import_instance(instance, row, **kwargs)
        if self.row_value(row, "Date precision") is None and self.row_value(row, "Date"):
            instance.precision = date_precision(self.row_value(row, "Date"))

    def slug_for_row(self, row):
        explicit = self.row_value(row, "Slug")
        if explicit:
            return slug_from(str(explicit))
        try:
            year = f"{parse_date(self.row_value(row, 'Date')):%Y}"
        except (ValueError, TypeError):
            year = ""
        return slug_from(f"{year} {self.row_value(row, 'Title') or ''}")


class IndicatorResource(SourcedResource, PublishableResource):
    label_en = column("label_en", "Label")
    label_zh_hans = column("label_zh_hans", "Chinese label")
    slug = column("slug", "Slug")
    value = column("value", "Value", DecimalWidget())
    unit_en = column("unit_en", "Unit")
    unit_zh_hans = column("unit_zh_hans", "Unit (Chinese)")
    year = column("year", "Year", YearWidget())
    city = lookup("city", "City", corridor.City)
    source_note_en = column("source_note_en", "Source note")
    source_note_zh_hans = column("source_note_zh_hans", "Source note (Chinese)")
    position = column("position", "Position", IntegerWidget(), saves_null_values=False)
    is_key_figure = boolean("is_key_figure", "Key figure")
    theme = choice("theme", "Theme", corridor.Indicator.Theme.choices, THEME_ALIASES)
    is_headline = boolean("is_headline", "Headline figure")
    name_column = "Label"
    required_columns = ("Label", "Value", "Year")
    aliases = ALIASES

    class Meta(CorridorResource.Meta):
        model = corridor.Indicator
        fields = (
            "label_en",
            "label_zh_hans",
            "slug",
            "value",
            "unit_en",
            "unit_zh_hans",
            "year",
            "city",
            "source_note_en",
            "source_note_zh_hans",
            "position",
            "is_key_figure",
            "theme",
            "is_headline",
            *SOURCE_COLUMNS,
            "status",
            "publish_at",
            "unpublish_at",
        )
        export_order = import_order = fields

    def slug_for_row(self, row):
        explicit = self.row_value(row, "Slug")
        if explicit:
            return slug_from(str(explicit))
        try:
            city = self.fields["city"].clean(row)
        except ValueError:
            city = None
        try:
            year = self.fields["year"].clean(row) or ""
        except ValueError:
            year = ""
        scope = city.slug if city else "g60"
        return slug_from(f"{scope} {self.row_value(row, 'Label') or ''} {year}")


def _resources():
    """Every model's resource, by model name, in the registry's order."""
    found, pending = {}, [CorridorResource]
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        model = getattr(cls._meta, "model", None)
        if model is not None:
            found[model._meta.model_name] = cls
    return {name: found[name] for name in registry.NAMES}


RESOURCES = _resources()


def resource_for(model_name):
    """The resource class for ``enterprise``, ``enterprises``, ``news`` and so on."""
    content = registry.find(model_name)
    return RESOURCES[content.name] if content else None
