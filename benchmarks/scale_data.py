"""Synthetic corridor content at scale, loaded straight into PostgreSQL with COPY.

Adds enterprises and news items to a PostgreSQL database that has the project's migrations
applied (``--migrate`` applies them and loads the launch content first; the nine cities,
the industries and the parks come from there). Rows are written with psycopg's ``COPY``, never
through the ORM, and are what the site itself would store:

- enterprises with English and Chinese names made of brand syllables, a sector word (battery,
  semiconductor, 电池, 芯片, 生物医药 …) and a company suffix, some with their city in brackets
  (``新科电池（杭州）科技有限公司``); summaries in both languages; a city, 1–3 industries
  through the link table, a park or an enclave for some, a founding year (some unknown),
  listing board, high-tech flag, a few featured; published with a past publish time, except a
  few drafts and scheduled items;
- news items with titles, standfirsts and bodies in both languages, linked to cities,
  industries and some enterprises;
- each row's ``search_document`` as ``corridor.text.search_document`` makes it. The tokens of
  each distinct text (a name's words, a run of Chinese characters, a summary) are computed
  once and reused; a sample of rows is checked against ``search_document`` itself, and any
  difference makes the loader compute every document with it instead.

Columns are read from the live table, so new columns with a default (a model default or a
database default) or that may be NULL are filled without changing this file. While loading, the
table's plain indexes are dropped and made again afterwards (one transaction), then the tables
are vacuumed and analysed.

Usage:
  python benchmarks/scale_data.py --database-url postgres://postgres@127.0.0.1:5432/g60_scale \
      --enterprises 1000000 --news 50000 [--migrate]

or from Python: ``load(url, enterprises=…, news=…)``, which returns the figures it prints.
"""

import argparse
import datetime
import functools
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# --- Vocabulary ---------------------------------------------------------------------------------

# Characters of Chinese brand names; two of them make a brand (新科 → "Xinke").
BRAND_CHARACTERS = (
    "新华中科天宏远盛达金智联创腾飞云瑞安泰恒通博源晶微纳光恩德康诺睿信正海东嘉汇锐航鼎辰卓凯"
)

# (English word, Chinese word, industry slugs, product in English, product in Chinese)
SECTORS = [
    ("Battery", "电池", ("new-energy", "automotive-electronics"),
     "lithium battery cells and battery packs", "锂电池电芯与电池包"),
    ("Semiconductor", "半导体", ("integrated-circuits",),
     "power semiconductors and wafer processing equipment", "功率半导体与晶圆制造设备"),
    ("Chip", "芯片", ("integrated-circuits", "artificial-intelligence"),
     "AI chips and embedded processors", "人工智能芯片与嵌入式处理器"),
    ("Biomedicine", "生物医药", ("biomedicine",),
     "antibody drugs and cell therapies", "抗体药物与细胞治疗产品"),
    ("Biotech", "生物科技", ("biomedicine", "medical-and-health-services"),
     "biological reagents and contract research services", "生物试剂与研发外包服务"),
    ("Medical Devices", "医疗器械", ("medical-devices",),
     "imaging systems and surgical robots", "医学影像设备与手术机器人"),
    ("New Materials", "新材料", ("new-materials",),
     "carbon fibre composites and specialty films", "碳纤维复合材料与功能薄膜"),
    ("Photovoltaic", "光伏", ("photovoltaics", "new-energy"),
     "solar cells and photovoltaic modules", "太阳能电池与光伏组件"),
    ("Robotics", "机器人", ("robotics", "intelligent-manufacturing"),
     "industrial robots and automated production lines", "工业机器人与自动化生产线"),
    ("Intelligent Equipment", "智能装备", ("high-end-equipment", "intelligent-manufacturing"),
     "CNC machine tools and smart factory equipment", "数控机床与智能工厂装备"),
    ("Satellite", "卫星", ("satellite-internet", "aerospace"),
     "small satellites and ground stations", "小型卫星与地面站"),
    ("Navigation", "导航", ("satellite-navigation",),
     "BeiDou positioning modules", "北斗定位模组"),
    ("Software", "软件", ("information-technology", "digital-economy"),
     "industrial software and enterprise cloud platforms", "工业软件与企业云平台"),
    ("Data", "数据", ("computing-and-data-centres", "digital-economy"),
     "data centres and computing services", "数据中心与算力服务"),
    ("Optoelectronics", "光电", ("integrated-circuits", "new-materials"),
     "laser devices and optical sensors", "激光器件与光学传感器"),
    ("Sensor", "传感", ("intelligent-security", "automotive-electronics"),
     "MEMS sensors and machine vision systems", "微机电传感器与机器视觉系统"),
    ("Auto Parts", "汽车零部件", ("automotive-electronics", "advanced-manufacturing"),
     "electric drive systems and vehicle electronics", "电驱动系统与汽车电子"),
    ("Precision Machinery", "精密机械", ("advanced-manufacturing", "high-end-equipment"),
     "precision bearings and transmission parts", "精密轴承与传动部件"),
    ("Fine Chemicals", "精细化工", ("fine-chemicals",),
     "electronic chemicals and coatings", "电子化学品与涂料"),
    ("Energy Storage", "储能", ("new-energy", "low-carbon-technology"),
     "grid-scale energy storage systems", "电网级储能系统"),
    ("Hydrogen Energy", "氢能", ("new-energy", "low-carbon-technology"),
     "fuel cell stacks and hydrogen refuelling equipment", "燃料电池电堆与加氢设备"),
    ("Aviation", "航空", ("aerospace", "high-end-equipment"),
     "aircraft components and drones", "航空零部件与无人机"),
    ("Communications", "通信", ("digital-communications", "information-technology"),
     "5G base station equipment and optical modules", "5G基站设备与光模块"),
    ("Smart Home", "智能家居", ("household-appliances", "artificial-intelligence"),
     "connected home appliances", "智能家电"),
    ("Electric", "电气", ("electrical-equipment",),
     "transformers and switchgear", "变压器与开关设备"),
    ("Pharmaceutical", "药业", ("biomedicine",),
     "generic drugs and active pharmaceutical ingredients", "仿制药与原料药"),
    ("Diagnostics", "诊断", ("medical-devices", "medical-and-health-services"),
     "in vitro diagnostic reagents and analysers", "体外诊断试剂与分析仪"),
    ("Environmental", "环保", ("low-carbon-technology",),
     "water treatment and emission control systems", "水处理与排放控制系统"),
    ("Artificial Intelligence", "人工智能", ("artificial-intelligence", "information-technology"),
     "computer vision and speech recognition software", "计算机视觉与语音识别软件"),
    ("Integrated Circuit", "集成电路", ("integrated-circuits",),
     "analogue and mixed-signal integrated circuits", "模拟与混合信号集成电路"),
]  # fmt: skip

# (English suffix, Chinese suffix, kind)
SUFFIXES = [
    ("Technology Co., Ltd.", "科技有限公司", "company"),
    ("Co., Ltd.", "有限公司", "company"),
    ("Technology Co., Ltd.", "科技股份有限公司", "company"),
    ("Group Co., Ltd.", "集团有限公司", "company"),
    ("Intelligent Technology Co., Ltd.", "智能科技有限公司", "company"),
    ("Industrial Co., Ltd.", "实业有限公司", "company"),
    ("Development Co., Ltd.", "发展有限公司", "company"),
    ("Research Institute", "研究院", "institute"),
]

SUMMARIES = [
    ("Makes {product} at its plant in {city}.", "位于{city_zh}，主要生产{product_zh}。"),
    ("A {sector_l} company in {city} that develops {product}.",
     "{city_zh}的{sector_zh}企业，研发{product_zh}。"),
    ("Founded in {city}; supplies {product} to customers across the Yangtze River Delta.",
     "创立于{city_zh}，向长三角各地客户供应{product_zh}。"),
    ("Designs {product}; its research centre is in {city}.",
     "设计{product_zh}，研发中心设在{city_zh}。"),
    ("Specialised in {product}, with a production base in the {city} high-tech zone.",
     "专注于{product_zh}，生产基地位于{city_zh}高新区。"),
    ("A {sector_l} enterprise of the G60 corridor in {city}, known for {product}.",
     "G60科创走廊{city_zh}的{sector_zh}企业，以{product_zh}见长。"),
]  # fmt: skip

HIGHLIGHTS = [
    ("More than 100 patents granted", "累计获得授权专利100余项"),
    ("National specialised and sophisticated \"little giant\" enterprise",
     "国家级专精特新“小巨人”企业"),
    ("Provincial enterprise research centre", "省级企业研究院"),
    ("Products exported to more than 30 countries", "产品出口30多个国家和地区"),
    ("Listed among the corridor's top 100 innovative companies", "入选G60科创走廊创新企业百强"),
]  # fmt: skip

NEWS_TITLES = [
    ("{city} opens a {sector} innovation centre", "{city_zh}{sector_zh}创新中心正式启用"),
    ("{brand} {sector} completes Series {round} financing",
     "{brand_zh}{sector_zh}完成{round}轮融资"),
    ("G60 corridor {sector} alliance meets in {city}",
     "G60科创走廊{sector_zh}产业联盟在{city_zh}召开会议"),
    ("{city} signs {n} {sector_l} projects worth {m} billion yuan",
     "{city_zh}签约{n}个{sector_zh}项目，总投资{m}亿元"),
    ("{brand} {sector} opens its new plant in {city}", "{brand_zh}{sector_zh}{city_zh}新工厂投产"),
    ("{city} and Songjiang sign a {sector_l} cooperation agreement",
     "{city_zh}与松江签署{sector_zh}合作协议"),
]  # fmt: skip

NEWS_PARAGRAPHS = [
    ("The projects cover {product} and are expected to start production next year.",
     "项目涵盖{product_zh}，预计明年投产。"),
    ("Officials from the nine cities of the G60 corridor attended the ceremony in {city}.",
     "G60科创走廊九城市相关负责人出席了在{city_zh}举行的仪式。"),
    ("{city} now hosts more than {n} {sector_l} enterprises.",
     "{city_zh}现有{sector_zh}企业{n}余家。"),
    ("The alliance will share laboratories, pilot lines and testing services for {product}.",
     "联盟将共享{product_zh}相关的实验室、中试线和检测服务。"),
]  # fmt: skip

FIRST_DAY = datetime.datetime(2016, 5, 24, tzinfo=datetime.UTC)


# --- Search documents ---------------------------------------------------------------------------


class Documents:
    """``search_document(names, texts)`` with the tokens of each distinct piece computed once.

    A document is the Latin tokens and Chinese character pairs of each text in turn, then
    the pinyin of the names (``corridor.text``). Latin tokens are per word and the pinyin and
    pairs per run of Chinese characters, so the tokens of a text are those of its
    white-space-separated words, and a name's pinyin that of its runs."""

    def __init__(self):
        from corridor import text

        self.text = text
        self.latin = {}
        self.chinese = {}
        self.pinyin = {}
        self.whole = {}
        self.exact = True  # False: every document comes from ``search_document`` itself

    def _latin(self, word):
        tokens = self.latin.get(word)
        if tokens is None:
            tokens = self.latin[word] = self.text.latin_tokens(word)
        return tokens

    def _chinese(self, run):
        tokens = self.chinese.get(run)
        if tokens is None:
            tokens = self.chinese[run] = self.text.chinese_tokens(run)
        return tokens

    def _pinyin(self, run):
        tokens = self.pinyin.get(run)
        if tokens is None:
            tokens = self.pinyin[run] = self.text.pinyin_tokens(run)
        return tokens

    def text_tokens(self, text):
        """The tokens of one text; a whole text seen before is read from the cache."""
        tokens = self.whole.get(text)
        if tokens is not None:
            return tokens
        tokens = []
        for word in text.split():
            tokens += self._latin(word)
        for run in self.text.CJK_RUN.findall(self.text.fold(text)):
            tokens += self._chinese(run)
        return tokens

    def remember(self, text):
        """Keep the tokens of a text that many rows share (a summary, a body)."""
        if text not in self.whole:
            self.whole[text] = self.text_tokens(text)

    def document(self, names=(), texts=()):
        if not self.exact:
            return self.saved[0](names, texts)
        tokens = []
        for text in (*names, *texts):
            tokens += self.text_tokens(text)
        for name in names:
            for run in self.text.CJK_RUN.findall(self.text.fold(name)):
                tokens += self._pinyin(run)
        return f" {' '.join(tokens)} " if tokens else ""

    def fields(self, model, values):
        """The columns ``model.refresh_search_document`` sets for an item with ``values``
        (``search_document`` and any other it keeps), made by the model's own method."""
        item = _Item(model, values)
        model.refresh_search_document(item)
        return item.changed

    def __enter__(self):
        """Let the models' documents be made with the cached tokens (in this process)."""
        from corridor import models

        self.saved = models.search_document, models.strip_tags
        models.search_document = self.document
        models.strip_tags = functools.lru_cache(maxsize=100_000)(self.saved[1])
        return self

    def __exit__(self, *exc):
        from corridor import models

        models.search_document, models.strip_tags = self.saved

    def check(self, model, samples):
        """Compare with the model's documents made without the cache; on any difference, make
        every document without it."""
        from corridor import models

        cached = [self.fields(model, values) for values in samples]
        patched = models.search_document, models.strip_tags
        models.search_document, models.strip_tags = self.saved
        try:
            plain = [self.fields(model, values) for values in samples]
        finally:
            models.search_document, models.strip_tags = patched
        if cached != plain:
            self.exact = False
            print(
                f"note: {model.__name__}: cached search documents differ from the model's; "
                "making each one without the cache (slower)",
                file=sys.stderr,
            )
        return self.exact


class _Item:
    """Stands in for a model instance whose ``refresh_search_document`` is called: reads
    ``values``, then the model's attributes; records what the method sets."""

    def __init__(self, model, values):
        object.__setattr__(self, "_model", model)
        object.__setattr__(self, "_values", values)
        object.__setattr__(self, "changed", {})

    def __getattr__(self, name):
        if name in self.changed:
            return self.changed[name]
        if name in self._values:
            return self._values[name]
        return getattr(self._model, name)

    def __setattr__(self, name, value):
        self.changed[name] = value


# --- Reading the schema -------------------------------------------------------------------------


def live_columns(cursor, table):
    """``{column: (not_null, has_database_default)}`` of the table as the database has it."""
    cursor.execute(
        "SELECT column_name, is_nullable = 'NO', column_default IS NOT NULL OR "
        "is_identity = 'YES' OR is_generated = 'ALWAYS' FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
        [table],
    )
    return {name: (not_null, has_default) for name, not_null, has_default in cursor.fetchall()}


class Table:
    """The columns COPY writes to one table: those the generator gives, and for every other
    NOT NULL column without a database default, the model field's default."""

    def __init__(self, cursor, model, given):
        from django.db import connection
        from django.db.models import JSONField

        from corridor.models import texts_in_each_language

        self.name = model._meta.db_table
        columns = live_columns(cursor, self.name)
        missing = [name for name in given if name not in columns]
        if missing:
            raise SystemExit(f"{self.name} has no column {', '.join(missing)}: migrate it first")
        fields = {field.column: field for field in model._meta.concrete_fields}
        blank_texts = set(texts_in_each_language(model))
        self.constants = {}
        for column, (not_null, has_default) in columns.items():
            if column in given:
                continue
            field = fields.get(column)
            if field is not None and field.name in blank_texts:
                self.constants[column] = ""  # texts not written are "" (``Normalised``)
                continue
            if field is not None and (field.has_default() or not field.null):
                value = field.get_default()
                if isinstance(field, JSONField):
                    value = json.dumps(value)
                elif value is not None:
                    value = field.get_db_prep_save(value, connection)
                if value is not None:
                    self.constants[column] = value
                    continue
            if not_null and not has_default:
                raise SystemExit(f"Cannot fill {self.name}.{column}: NOT NULL without a default")
        self.columns = [*given, *self.constants]
        self.tail = tuple(self.constants.values())

    def copy_sql(self):
        names = ", ".join(f'"{name}"' for name in self.columns)
        return f'COPY "{self.name}" ({names}) FROM STDIN'


def plain_indexes(cursor, tables):
    """``[(name, definition)]`` of the indexes on ``tables`` that no constraint owns."""
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i "
        "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = "
        "(quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)",
        [list(tables)],
    )
    return cursor.fetchall()


# --- Generating rows ----------------------------------------------------------------------------


def brand_names(rng):
    from pypinyin import lazy_pinyin

    brands = []
    for first in BRAND_CHARACTERS:
        for second in BRAND_CHARACTERS:
            if first != second:
                zh = first + second
                brands.append((zh, "".join(lazy_pinyin(zh)).capitalize()))
    rng.shuffle(brands)
    return brands


class Vocabulary:
    """What the database already has: cities, industries, parks, enclaves, slugs, codes."""

    def __init__(self, cursor):
        cursor.execute(
            "SELECT id, slug, name_en, name_zh_hans FROM corridor_city "
            "WHERE is_member ORDER BY position, id"
        )
        self.cities = cursor.fetchall()
        if not self.cities:
            raise SystemExit("No member cities: run manage.py load_launch first (or --migrate)")
        cursor.execute("SELECT id, slug FROM corridor_industry ORDER BY id")
        self.industries = {slug: pk for pk, slug in cursor.fetchall()}
        if not self.industries:
            raise SystemExit("No industries: run manage.py load_launch first (or --migrate)")
        cursor.execute("SELECT id, city_id FROM corridor_park WHERE status = 'published'")
        self.parks_by_city = {}
        for pk, city in cursor.fetchall():
            self.parks_by_city.setdefault(city, []).append(pk)
        cursor.execute("SELECT id FROM corridor_enclave WHERE status = 'published'")
        self.enclaves = [pk for (pk,) in cursor.fetchall()]
        all_industries = list(self.industries.values())
        self.sector_industries = []
        for sector in SECTORS:
            ids = [self.industries[slug] for slug in sector[2] if slug in self.industries]
            self.sector_industries.append(ids or [all_industries[len(self.sector_industries)]])
        self.all_industries = all_industries

    def slugs(self, cursor, table):
        cursor.execute(f'SELECT slug FROM "{table}"')
        return {slug for (slug,) in cursor.fetchall()}


def base_slug(text, cache={}):  # noqa: B006 - a cache shared by every call
    slug = cache.get(text)
    if slug is None:
        from django.utils.text import slugify

        slug = cache[text] = slugify(text)[:80].strip("-")
    return slug


def unique_slug(base, taken, counts):
    """``base``, else ``base-2``, ``base-3`` … as the site numbers slugs."""
    n = counts.get(base, 1)
    slug = base if n == 1 else f"{base[: 90 - len(str(n)) - 1]}-{n}"
    while slug in taken:
        n += 1
        slug = f"{base[: 90 - len(str(n)) - 1]}-{n}"
    counts[base] = n + 1
    taken.add(slug)
    return slug


def credit_code(n, check):
    first17 = f"91{330100 + n % 900:06d}{n:09d}"[:17]
    return first17 + check(first17)


def publishing(rng, now):
    """``(status, publish_at)``: mostly published in the past, a few drafts and scheduled."""
    draw = rng.random()
    if draw < 0.005:
        return "published", now + datetime.timedelta(days=rng.randint(1, 60))
    span = (now - FIRST_DAY).total_seconds()
    moment = FIRST_DAY + datetime.timedelta(seconds=int(span * rng.random() ** 0.7))
    return ("draft" if draw < 0.015 else "published"), moment


def enterprise_rows(count, first_id, vocabulary, documents, taken, rng, now):
    """Rows of the enterprise table (dicts of the columns given), and their industry links."""
    from corridor.models import Enterprise
    from corridor.validators import credit_code_check_char

    brands = brand_names(rng)
    counts = {}
    boards = ["star", "sse", "szse", "bse", "hkex", "overseas"]
    # Distinct Chinese names are drawn from a pool (their pinyin is the costly part of a
    # document); brackets with the city and the English words add variety around them.
    pool = 30_000
    for offset in range(count):
        pk = first_id + offset
        city_id, _slug, city_en, city_zh = rng.choice(vocabulary.cities)
        core = rng.randrange(pool)
        brand_zh, brand = brands[core % len(brands)]
        sector_index = (core // len(brands) + core) % len(SECTORS)
        sector, sector_zh, _tags, product, product_zh = SECTORS[sector_index]
        suffix, suffix_zh, kind = SUFFIXES[(core // 7) % len(SUFFIXES)]
        style = rng.random()
        if style < 0.3:
            name_en = f"{brand} {sector} ({city_en}) {suffix}"
            name_zh = f"{brand_zh}{sector_zh}（{city_zh}）{suffix_zh}"
        elif style < 0.4:
            name_en = f"{city_en} {brand} {sector} {suffix}"
            name_zh = f"{brand_zh}{sector_zh}{suffix_zh}"
        else:
            name_en = f"{brand} {sector} {suffix}"
            name_zh = f"{brand_zh}{sector_zh}{suffix_zh}"
        template, template_zh = SUMMARIES[core % len(SUMMARIES)]
        words = {
            "brand": brand,
            "brand_zh": brand_zh,
            "city": city_en,
            "city_zh": city_zh,
            "sector_l": sector.lower(),
            "sector_zh": sector_zh,
            "product": product,
            "product_zh": product_zh,
        }
        summary_en = template.format(**words)
        summary_zh = template_zh.format(**words)
        if rng.random() < 0.2:
            highlights_en, highlights_zh = rng.choice(HIGHLIGHTS)
        else:
            highlights_en = highlights_zh = ""
        values = {
            "name_en": name_en,
            "name_zh_hans": name_zh,
            "summary_en": summary_en,
            "summary_zh_hans": summary_zh,
            "highlights_en": highlights_en,
            "highlights_zh_hans": highlights_zh,
        }
        for text in (summary_en, summary_zh, highlights_en, highlights_zh):
            documents.remember(text)
        status, publish_at = publishing(rng, now)
        created = publish_at - datetime.timedelta(seconds=rng.randint(0, 30 * 86400))
        listed = rng.random() < 0.08
        parks = vocabulary.parks_by_city.get(city_id)
        row = {
            "id": pk,
            "created_at": created,
            "updated_at": max(created, publish_at)
            + datetime.timedelta(seconds=rng.randint(0, 90 * 86400)),
            "version": 1 + int(rng.random() ** 4 * 5),
            "slug": unique_slug(base_slug(name_en), taken, counts),
            "name": name_en,
            **values,
            "summary": summary_en,
            "highlights": highlights_en,
            "status": status,
            "publish_at": publish_at,
            "kind": kind,
            "credit_code": credit_code(pk, credit_code_check_char) if rng.random() < 0.7 else "",
            "city_id": city_id,
            "park_id": rng.choice(parks) if parks and rng.random() < 0.15 else None,
            "enclave_id": (
                rng.choice(vocabulary.enclaves)
                if vocabulary.enclaves and rng.random() < 0.02
                else None
            ),
            "founded_year": None if rng.random() < 0.1 else 2024 - int(rng.random() ** 2 * 40),
            "listing_board": rng.choice(boards) if listed else "unlisted",
            "stock_code": f"{rng.randint(600000, 688999)}" if listed else "",
            "is_high_tech": rng.random() < 0.35,
            "is_featured": rng.random() < 0.0005,
            **documents.fields(Enterprise, values),
        }
        industries = list(vocabulary.sector_industries[sector_index][: rng.randint(1, 2)])
        if rng.random() < 0.3:
            extra = rng.choice(vocabulary.all_industries)
            if extra not in industries:
                industries.append(extra)
        yield row, industries


def news_rows(count, first_id, vocabulary, documents, taken, rng, now, enterprise_ids):
    from corridor.models import NewsItem

    brands = brand_names(rng)[:60]
    counts = {}
    from django.utils.html import strip_tags

    for offset in range(count):
        pk = first_id + offset
        city_id, _slug, city_en, city_zh = rng.choice(vocabulary.cities)
        sector_index = rng.randrange(len(SECTORS))
        sector, sector_zh, _tags, product, product_zh = SECTORS[sector_index]
        brand_zh, brand = rng.choice(brands)
        words = {
            "brand": brand,
            "brand_zh": brand_zh,
            "city": city_en,
            "city_zh": city_zh,
            "sector": sector,
            "sector_l": sector.lower(),
            "sector_zh": sector_zh,
            "product": product,
            "product_zh": product_zh,
            "round": rng.choice("ABC"),
            "n": rng.choice((12, 20, 35, 50)),
            "m": rng.choice((8, 15, 30, 120)),
        }
        title, title_zh = rng.choice(NEWS_TITLES)
        title, title_zh = title.format(**words), title_zh.format(**words)
        title = title[0].upper() + title[1:]
        paragraphs = rng.sample(NEWS_PARAGRAPHS, 2)
        standfirst = paragraphs[0][0].format(**words)
        standfirst_zh = paragraphs[0][1].format(**words)
        body = "".join(f"<p>{p[0].format(**words)}</p>" for p in paragraphs)
        body_zh = "".join(f"<p>{p[1].format(**words)}</p>" for p in paragraphs)
        values = {
            "title_en": title,
            "title_zh_hans": title_zh,
            "standfirst_en": standfirst,
            "standfirst_zh_hans": standfirst_zh,
            "body_en": body,
            "body_zh_hans": body_zh,
        }
        for name in (*NewsItem.search_names, *NewsItem.search_texts):
            if name in values:
                documents.remember(strip_tags(values[name]))
        status, publish_at = publishing(rng, now)
        created = publish_at - datetime.timedelta(seconds=rng.randint(0, 3 * 86400))
        row = {
            "id": pk,
            "created_at": created,
            "updated_at": max(created, publish_at),
            "version": 1,
            "slug": unique_slug(base_slug(title), taken, counts),
            "title": title,
            **values,
            "standfirst": standfirst,
            "body": body,
            "status": status,
            "publish_at": publish_at,
            "is_featured": rng.random() < 0.002,
            **documents.fields(NewsItem, values),
        }
        cities = [city_id]
        if rng.random() < 0.2:
            other = rng.choice(vocabulary.cities)[0]
            if other != city_id:
                cities.append(other)
        industries = vocabulary.sector_industries[sector_index][:1]
        enterprises = [rng.choice(enterprise_ids)] if enterprise_ids and rng.random() < 0.3 else []
        yield row, cities, industries, enterprises


# --- Loading ------------------------------------------------------------------------------------


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "g60site.settings.dev")
    import django

    django.setup()


def migrate(url):
    """Apply the migrations and add the launch content, in child processes."""
    env = {**os.environ, "DATABASE_URL": url}
    env.setdefault("DJANGO_SETTINGS_MODULE", "g60site.settings.dev")
    for command in (["migrate", "--noinput", "-v0"], ["load_launch", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def next_id(cursor, table):
    cursor.execute(f'SELECT coalesce(max(id), 0) + 1 FROM "{table}"')
    return cursor.fetchone()[0]


def copy_rows(cursor, table, rows):
    columns = table.columns[: len(table.columns) - len(table.tail)]
    tail = table.tail
    n = 0
    with cursor.copy(table.copy_sql()) as copy:
        for row in rows:
            copy.write_row((*[row[name] for name in columns], *tail))
            n += 1
    return n


def copy_links(cursor, table, left, right, pairs):
    n = 0
    with cursor.copy(f'COPY "{table}" ("{left}", "{right}") FROM STDIN') as copy:
        for pair in pairs:
            copy.write_row(pair)
            n += 1
    return n


def load(url, enterprises=0, news=0, seed=60, migrate_first=False, verbose=True):
    """Add ``enterprises`` and ``news`` synthetic rows to the database at ``url``.

    Returns ``{"enterprises": rows, "news": rows, "seconds": …, "rows_per_second": …}``."""
    import psycopg

    if migrate_first:
        started = time.perf_counter()
        migrate(url)
        if verbose:
            print(
                f"migrated and loaded the launch content in {time.perf_counter() - started:.1f} s"
            )
    setup_django(url)
    from corridor.models import Enterprise, NewsItem

    say = print if verbose else (lambda *args, **kwargs: None)
    rng = random.Random(f"{seed}-{enterprises}-{news}")
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    started = time.perf_counter()
    enterprise_m2m = Enterprise._meta.get_field("industries").remote_field.through
    news_fields = {name: NewsItem._meta.get_field(name) for name in ("cities", "industries")}
    news_fields["enterprises"] = NewsItem._meta.get_field("enterprises")
    link_tables = [enterprise_m2m._meta.db_table] + [
        field.remote_field.through._meta.db_table for field in news_fields.values()
    ]
    figures = {"enterprises": 0, "news": 0, "links": 0}
    with (
        Documents() as documents,
        psycopg.connect(url) as connection,
        connection.cursor() as cursor,
    ):
        vocabulary = Vocabulary(cursor)
        # A sample of rows shows the columns given, and checks the cached search documents.
        sample = [
            row for row, _links in enterprise_rows(300, 0, vocabulary, documents, set(), rng, now)
        ]
        news_sample = [
            row for row, *_links in news_rows(100, 0, vocabulary, documents, set(), rng, now, [])
        ]
        documents.check(Enterprise, sample)
        documents.check(NewsItem, news_sample)
        tables = {
            "enterprise": Table(cursor, Enterprise, list(sample[0])),
            "news": Table(cursor, NewsItem, list(news_sample[0])),
        }

        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET LOCAL session_replication_role = replica")  # no FK triggers
        indexes = plain_indexes(
            cursor, [tables["enterprise"].name, tables["news"].name, *link_tables]
        )
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')

        if enterprises:
            first = next_id(cursor, tables["enterprise"].name)
            taken = vocabulary.slugs(cursor, tables["enterprise"].name)
            links = []

            def with_links():
                for row, industries in enterprise_rows(
                    enterprises,
                    first,
                    vocabulary,
                    documents,
                    taken,
                    rng,
                    now,
                ):
                    links.extend((row["id"], industry) for industry in industries)
                    yield row

            figures["enterprises"] = copy_rows(cursor, tables["enterprise"], with_links())
            figures["links"] += copy_links(
                cursor, enterprise_m2m._meta.db_table, "enterprise_id", "industry_id", links
            )
            say(f"  enterprises: {figures['enterprises']:,} rows in {_since(started):.1f} s")
        if news:
            cursor.execute(
                f'SELECT id FROM "{tables["enterprise"].name}" ORDER BY random() LIMIT 20000'
            )
            enterprise_ids = [pk for (pk,) in cursor.fetchall()]
            first = next_id(cursor, tables["news"].name)
            taken = vocabulary.slugs(cursor, tables["news"].name)
            news_links = {name: [] for name in news_fields}

            def news_with_links():
                for row, cities, industries, linked in news_rows(
                    news,
                    first,
                    vocabulary,
                    documents,
                    taken,
                    rng,
                    now,
                    enterprise_ids,
                ):
                    for name, values in (
                        ("cities", cities),
                        ("industries", industries),
                        ("enterprises", linked),
                    ):
                        news_links[name].extend((row["id"], value) for value in values)
                    yield row

            figures["news"] = copy_rows(cursor, tables["news"], news_with_links())
            for name, field in news_fields.items():
                figures["links"] += copy_links(
                    cursor,
                    field.remote_field.through._meta.db_table,
                    field.m2m_column_name(),
                    field.m2m_reverse_name(),
                    news_links[name],
                )
            say(f"  news: {figures['news']:,} rows, {_since(started):.1f} s so far")
        copied = _since(started)
        for _name, definition in indexes:
            cursor.execute(definition)
        say(f"  {len(indexes)} indexes made again in {_since(started) - copied:.1f} s")
        for table in [tables["enterprise"].name, tables["news"].name, *link_tables]:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT coalesce(max(id), 1) FROM "{table}"))'
            )
        connection.commit()
        committed = _since(started)
        connection.autocommit = True
        for table in [tables["enterprise"].name, tables["news"].name, *link_tables]:
            cursor.execute(f'VACUUM (ANALYZE) "{table}"')
        say(f"  vacuumed and analysed in {_since(started) - committed:.1f} s")
    # Rows written outside the ORM, as an import's bulk SQL writes them: nothing kept before
    # (pages, kept parts, the sitemap index's totals) may be served for them.
    from corridor.cache import content_changed

    content_changed()
    seconds = _since(started)
    rows = figures["enterprises"] + figures["news"]
    figures.update(seconds=seconds, rows_per_second=rows / seconds if seconds else 0.0)
    figures["exact_documents_cached"] = documents.exact
    say(
        f"loaded {figures['enterprises']:,} enterprises, {figures['news']:,} news items and "
        f"{figures['links']:,} links in {seconds:.1f} s ({figures['rows_per_second']:,.0f} rows/s)"
    )
    return figures


def _since(started):
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="postgres://… of a database with the migrations applied (default: $DATABASE_URL)",
    )
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--news", type=int, default=0)
    parser.add_argument("--seed", type=int, default=60)
    parser.add_argument(
        "--migrate",
        action="store_true",
        help="apply the migrations and load the launch content first",
    )
    args = parser.parse_args()
    if not args.database_url or not args.database_url.startswith("postgres"):
        parser.error("--database-url postgres://… is required")
    load(
        args.database_url,
        enterprises=args.enterprises,
        news=args.news,
        seed=args.seed,
        migrate_first=args.migrate,
    )


if __name__ == "__main__":
    main()
