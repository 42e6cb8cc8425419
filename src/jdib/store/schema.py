"""One schema per table: every column defined once, checked when the store is written.

Modelled on PUDL's fields and resources: :data:`FIELDS` defines each column
once (type, unit, meaning, example, allowed values); :data:`RESOURCES` lists
each table's columns, its key and the columns that must be filled. The same
definitions check the tables (:func:`validate`), type the DuckDB and Parquet
columns, and write the data dictionary (:func:`data_dictionary`).

A small in-house schema rather than pandera or Frictionless: both pull in tens
of megabytes and hundreds of milliseconds of imports for checks that take a few
lines of pandas here, and neither writes a dictionary in this layout.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from jdib.errors import InputError
from jdib.ingest.readers.text import DECODED

#: Logical types: how a column is stored in DuckDB and Parquet.
TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN",
         "date": "VARCHAR", "list": "VARCHAR[]"}


@dataclass(frozen=True)
class Field:
    """One column: what it holds and how it is checked.

    Attributes:
        type: One of :data:`TYPES`. ``date`` is ISO text at its own precision
            (``2026-04-17``, ``2026-04``, ``2026``, ``FY2026``); ``list`` is a
            list in DuckDB and Parquet and ``sep``-joined text in CSV.
        meaning: What the column says, in one sentence.
        example: A typical value, as text.
        unit: Its unit, when it has one.
        allowed: The values it may take (empty values aside), when closed.
        sep: The separator of a ``list`` column in CSV and in memory.
    """

    type: str
    meaning: str
    example: str
    unit: str = ""
    allowed: tuple[str, ...] = ()
    sep: str = ";"


_CITE = "Citation: the paragraph the row comes from."
FIELDS: dict[str, Field] = {
    "doc_id": Field("string", "Id of the source document, used in every citation.", "mod-20260417-dicas4"),
    "para_id": Field("string", "Id of the cited paragraph: `<doc_id>:p<n>`.", "mod-20260417-dicas4:p5"),
    "quote": Field("string", "The Japanese sentence (or paragraph) the row was read from.", "…で一致した。"),
    "file": Field("string", "File name in the seeds folder.", "000_2f15327de1485db2.txt"),
    "title_ja": Field("string", "Title in Japanese, as printed.", "防衛生産・技術基盤"),
    "title_en": Field("string", "English title from the catalog or the glossary; empty when neither gives one.",
                      "Defense Production and Technology Base"),
    "publisher": Field("string", "Who published the document.", "防衛省"),
    "published": Field("date", "Publication date at its own precision; empty when unknown.", "2026-04-17"),
    "published_precision": Field("string", "How precise `published` is.", "day",
                                 allowed=("day", "month", "year", "")),
    "metadata_source": Field("string", "Whether title and date came from catalog.csv or were inferred from the text.",
                             "catalog", allowed=("catalog", "inferred")),
    "encoding": Field("string", "Encoding a text file was decoded with, or the format a PDF, HTML or DOCX "
                      "file was read as.", "utf-8", allowed=(*DECODED, "pdf", "html", "docx")),
    "n_paragraphs": Field("integer", "Number of cleaned paragraphs.", "19", unit="paragraphs"),
    "n_chars": Field("integer", "Characters of cleaned text.", "2268", unit="characters"),
    "sha256": Field("string", "SHA-256 of the file's bytes.", "ffcc0361…"),
    "format": Field("string", "The format the document was read from.", "text",
                    allowed=("text", "html", "pdf", "docx")),
    "pages": Field("integer", "Pages of the original (PDF); empty for formats without pages.", "12", unit="pages"),
    "url": Field("string", "Where the original is published; empty when unknown.",
                 "https://www.mod.go.jp/j/press/news/2026/04/17a.html"),
    "url_source": Field("string", "Where `url` came from: the catalog or the HTML page itself.", "catalog",
                        allowed=("catalog", "page", "")),
    "retrieved": Field("date", "When the original was retrieved (catalog); empty when not given.", "2026-04-18"),
    "reliability": Field("string", "Reliability tier of the document, most reliable first.", "official",
                         allowed=("official", "established", "other")),
    "reliability_basis": Field("string", "What the tier was read from: `catalog`, `signal: <phrase>`, "
                               "`publisher: <name>`, `credited: <name>`, `kind: <kind>` or `default`.",
                               "publisher: 防衛省"),
    "reprint_of": Field("string", "doc_id of the original when this document reprints another's story "
                        "(compared across documents); empty otherwise.", "news-jdef-20240610-dicas1"),
    "page": Field("integer", "Page of the original the paragraph is on (PDF); empty for other formats.", "3",
                  unit="page"),
    "end_date": Field("date", "Last day of an event that spans days; empty otherwise.", "2026-04-15"),
    "status": Field("string", "Whether the event was held, or only planned, announced or sought (hoped for, "
                    "proposed, being arranged) when last reported.",
                    "held", allowed=("held", "planned", "announced", "sought")),
    "confirmed": Field("boolean", "False when only sources of the lowest tier (`other`) state it.", "True"),
    "n_sources": Field("integer", "Independent stories reporting the event (a reprint counts with its original).",
                       "2", unit="stories"),
    "n": Field("integer", "Position of the paragraph in its document, from 1.", "5"),
    "role": Field("string", "Layout role of the paragraph.", "body",
                  allowed=("heading", "bullet", "body", "footnote", "table_row")),
    "text": Field("string", "Cleaned paragraph text.", "両者は…で一致した。"),
    "footnote_refs": Field("list", "Footnote numbers the paragraph refers to.", "1;2"),
    "lang": Field("string", "The language it is written in (`ja`, `en`); empty when it has no words.", "ja",
                  allowed=("ja", "en", "")),
    "event_id": Field("string", "Stable id: series and ordinal, or series and date.", "dicas-4"),
    "date": Field("date", "When the event took place, at its own precision.", "2026-04-14"),
    "date_precision": Field("string", "How precise `date` is.", "day",
                            allowed=("day", "month", "year", "fiscal_year")),
    "kind": Field("string", "What happened.", "meeting",
                  allowed=("meeting", "summit", "agreement", "contract", "sale approval", "transfer", "decision",
                           "establishment", "publication", "operation", "other")),
    "program": Field("string", "The programme the event concerns (programs vocabulary id); empty when none.",
                     "tomahawk"),
    "series": Field("string", "The meeting series or the family of event.", "DICAS"),
    "ordinal": Field("integer", "The meeting's number in its series (第4回 is 4); empty when not stated.", "4"),
    "name_ja": Field("string", "Name in Japanese, as printed.", "第4回日米防衛産業協力・取得・維持整備定期協議"),
    "name_en": Field("string", "Name in English (series vocabulary or glossary).", "4th DICAS"),
    "languages": Field("list", "The languages of the paragraphs that tell the event (`en`, `ja`).", "en;ja"),
    "parties": Field("list", "The countries meeting (ISO 3166 codes), read from the text; empty when it does not say.",
                     "AU;JP"),
    "parties_basis": Field("string", "What told the parties: the series' name, the country words fused to the "
                           "meeting's name, the officials named, country words, country names or companies.", "official",
                           allowed=("", "series", "named", "official", "country word", "country name", "company")),
    "participants": Field("list", "Who took part, as printed.", "防衛大臣; 米国防長官", sep="; "),
    "participants_en": Field("list", "Who took part, in English.", "Minister of Defense; US Secretary of Defense",
                             sep="; "),
    "venue": Field("string", "Where it took place, as printed.", "東京"),
    "venue_en": Field("string", "Where it took place, in English or romanised.", "Tokyo"),
    "doc_ids": Field("list", "Every document that mentions the event.", "mod-20260417-dicas4;news-20260120-ministerial"),
    "sources": Field("list", "Every paragraph that mentions the event (`doc_id:p<n>`).", "mod-20260417-dicas4:p3"),
    "program_id": Field("string", "Program id from the programs vocabulary.", "amraam"),
    "category": Field("string", "Kind of program.", "missile"),
    "working_group": Field("string", "Working group the statement comes under, as printed.", "ミサイル共同生産作業部会"),
    "working_group_en": Field("string", "The working group in English.", "Missile Co-Production Working Group"),
    "doc_date": Field("date", "Publication date of the stating document.", "2026-04-17"),
    "stage": Field("string", "The program's stage as the statement gives it.", "scope_identified"),
    "stage_rank": Field("integer", "Position of `stage` on the stage ladder, 0 the earliest.", "4", unit="rank"),
    "status_en": Field("string", "The stage in English words.", "identified the scope"),
    "cue_ja": Field("string", "The Japanese words that decided the stage.", "特定する"),
    "outcome_id": Field("string", "Id `<doc_id>:o<n>`, numbered in reading order.", "mod-20260417-dicas4:o1"),
    "verb_class": Field("string", "Class of the sentence's closing outcome verb.", "agreed",
                        allowed=("agreed", "confirmed", "welcomed", "received_report", "requested",
                                 "evaluated", "emphasized", "discussed", "other")),
    "verb_ja": Field("string", "The outcome verb as printed.", "一致"),
    "topic_en": Field("string", "What the sentence is about: a program, a working group, a series.", "DICAS"),
    "figure_id": Field("string", "Id `<para_id>:f<n>`.", "atla-202602-dptb:p18:f1"),
    "value": Field("number", "The number in `unit`, kanji multipliers applied; a range's lower bound.",
                   "17.2", unit="see `unit`"),
    "value_high": Field("number", "Upper bound of a range; empty for a single value.", "3", unit="see `unit`"),
    "unit": Field("string", "Unit of `value` (money scaled to trillions, billions or millions).", "JPY trillion"),
    "approx": Field("boolean", "The text hedges or bounds the figure (約, 程度, 少なくとも…).", "True"),
    "subject": Field("string", "What the figure is a figure of: the programme or meeting series its sentence "
                     "names nearest to it and the kind of event told there; empty when it names neither.",
                     "Tomahawk cruise missile acquisition: sale approved"),
    "label_en": Field("string", "What the figure measures, in English.", "defence build-up plan programme cost"),
    "label_ja": Field("string", "The clause the figure stands in.", "計画期間の事業費: 17.2兆円程度"),
    "as_of": Field("date", "The time point the figure refers to, when the text gives one.", "2024-03"),
    "strategy_id": Field("string", "Id `<para_id>:s<n>` of the first mention.", "atla-202602-dptb:p51:s1"),
    "country_or_region": Field("string", "Country or region in English.", "Australia"),
    "country_ja": Field("string", "Country or region as printed.", "豪州"),
    "themes": Field("list", "Themes of the strategy (keyword vocabulary).", "dual_use;supply_chain"),
    "name": Field("string", "Company name without logo text or 社.", "Anduril"),
    "country": Field("string", "Country of the case-study table, in English.", "United States"),
    "field": Field("string", "Field in English from the keyword vocabulary; empty when none fits.",
                   "AI / autonomy / C2"),
    "field_ja": Field("string", "The cell after the company's name.", "AI・自律システム・センサー統合に強み"),
    "review": Field("string", "The analyst's decision on the row (`review.yaml`): confirmed, corrected "
                    "(a merge too) or added; empty when none.", "corrected",
                    allowed=("confirmed", "corrected", "added", "")),
    "review_note": Field("string", "Who decided and why, what changed, and the paragraph cited.",
                         "Kato: the release names the city (venue_en: Tokio → Tokyo) [mod-20250330-2plus2:p3]"),
    "decision_n": Field("integer", "The decision's position in `review.yaml`, from 1.", "3"),
    "decision": Field("string", "What the analyst decided.", "correct",
                      allowed=("confirm", "reject", "correct", "merge", "add")),
    "target_table": Field("string", "The table the decision applies to.", "events",
                          allowed=("events", "programs", "figures")),
    "row_id": Field("string", "The row's key in its table (key columns joined with ` | `).", "dicas-4"),
    "rows_merged": Field("list", "A merge's rows, folded into `row_id`.", "ministerial-2025-03-29-x"),
    "fields": Field("list", "The fields a correction or an addition sets, `FIELD=VALUE`.", "venue_en=Tokyo",
                    sep="; "),
    "cite": Field("string", "The paragraph a correction or an addition cites (`doc_id:p<n>`).",
                  "mod-20250330-2plus2:p3"),
    "decided_by": Field("string", "Who decided.", "Kato"),
    "why": Field("string", "Why, in the analyst's words.", "The release names the city."),
    "status_reason": Field("string", "Why a stale decision no longer applies; empty when it applies.",
                           "its row is not in events"),
}

_DECISION_STATUS = Field("string", "Whether the decision applies to the tables, or no longer matches "
                         "anything (its row vanished or changed, its quote left the paragraph).", "applied",
                         allowed=("applied", "stale"))
_DECISION_QUOTE = Field("string", "The words of the cited paragraph the decision rests on.", "東京で開催")

_CONFLICT_FIELD = Field("string", "The event field sources disagree on, or the kind of figure "
                        "(duration, quantity, amount) the documents of one event state differently.", "date",
                        allowed=("date", "ordinal", "name_ja", "participants", "venue",
                                 "duration", "quantity", "amount"))
_CONFLICT_CHOSEN = Field("string", "The value the events table uses for the field.", "2024-12-11")
_CONFLICT_OTHER = Field("string", "A value another source gives for the field.", "2024-12-12")
_CONFLICT_SOURCES = Field("list", "Every paragraph stating this value (`doc_id:p<n>`).", "atla-dicas3:p4")
_CONFLICT_OTHER_EVENT = Field("string", "The events row holding the other value, when the documents' "
                              "accounts of one story were not merged into one row (empty: the same row).",
                              "ministerial-2025-03-29")
_CONFLICT_TIERS = Field("list", "Reliability tiers of the documents stating this value.", "official;established")
_REASON = Field("string", "Why the chosen value won (tier, independent stories, precision).",
                "official source; 2 independent stories")
_N_STORIES = Field("integer", "Independent stories stating this value (a reprint counts as its original).",
                   "2", unit="stories")
_DOC_KIND = Field("string", "Kind of document.", "press_release",
                  allowed=("press_release", "white_paper_section", "slide_deck", "news_article", "transcript",
                           "joint_statement", "readout", "fact_sheet", "opinion", "forum_post", "unknown"))
_FIGURE_SERIES = Field("string", "Which series the figure belongs to (previous plan, current plan…).",
                       "current plan")
_OUTCOME_SERIES = Field("string", "The meeting series the document reports on.", "DICAS")


@dataclass(frozen=True)
class Resource:
    """One table: its columns in order, its key, the columns that must be filled.

    Attributes:
        description: One row per what.
        columns: Column names, in order, each in :data:`FIELDS`.
        key: Columns whose values together are unique.
        required: Columns that must not be empty.
        overrides: Columns whose meaning differs in this table.
    """

    description: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    required: tuple[str, ...]
    overrides: tuple[tuple[str, Field], ...] = ()

    def field(self, column: str) -> Field:
        """The definition of one of this table's columns."""
        return dict(self.overrides).get(column) or FIELDS[column]


RESOURCES: dict[str, Resource] = {
    "documents": Resource(
        "document, with its provenance and sha256",
        ("doc_id", "file", "title_ja", "title_en", "publisher", "kind", "lang", "published", "published_precision",
         "metadata_source", "encoding", "n_paragraphs", "n_chars", "sha256", "format", "pages", "url",
         "url_source", "retrieved", "reliability", "reliability_basis", "reprint_of"),
        ("doc_id",), ("doc_id", "file", "kind", "sha256", "format", "reliability", "reliability_basis"),
        (("kind", _DOC_KIND),)),
    "paragraphs": Resource(
        "cleaned paragraph (`<doc_id>:p<n>`), the unit every citation points to",
        ("para_id", "doc_id", "n", "role", "lang", "text", "footnote_refs", "page"),
        ("para_id",), ("para_id", "doc_id", "n", "role", "text")),
    "events": Resource(
        "what happened and with whom (a meeting, agreement, contract, sale approval, transfer, decision, "
        "establishment, publication or operation), merged across documents",
        ("event_id", "date", "date_precision", "end_date", "kind", "status", "series", "program", "ordinal", "name_ja",
         "name_en", "parties", "parties_basis", "participants", "participants_en", "venue", "venue_en", "doc_ids",
         "sources", "languages", "quote", "confirmed", "n_sources", "review", "review_note"),
        ("event_id",), ("event_id", "date", "date_precision", "kind", "status", "doc_ids", "sources",
                        "confirmed", "n_sources")),
    "conflicts": Resource(
        "disagreement of sources on one field of one event: the value the events table uses beside one "
        "value another source gives",
        ("event_id", "field", "chosen_value", "chosen_sources", "chosen_reliability", "chosen_n_stories",
         "reason", "other_value", "other_sources", "other_reliability", "other_n_stories", "other_event_id"),
        ("event_id", "field", "other_value"),
        ("event_id", "field", "chosen_value", "chosen_sources", "chosen_reliability", "chosen_n_stories",
         "reason", "other_value", "other_sources", "other_reliability", "other_n_stories"),
        (("field", _CONFLICT_FIELD), ("chosen_value", _CONFLICT_CHOSEN), ("other_value", _CONFLICT_OTHER),
         ("other_event_id", _CONFLICT_OTHER_EVENT),
         ("chosen_sources", _CONFLICT_SOURCES), ("other_sources", _CONFLICT_SOURCES),
         ("chosen_reliability", _CONFLICT_TIERS), ("other_reliability", _CONFLICT_TIERS),
         ("reason", _REASON), ("chosen_n_stories", _N_STORIES), ("other_n_stories", _N_STORIES))),
    "programs": Resource(
        "statement about a program's stage in one document",
        ("program_id", "name_en", "name_ja", "category", "working_group", "working_group_en", "doc_id",
         "doc_date", "para_id", "stage", "stage_rank", "status_en", "cue_ja", "quote", "confirmed", "review",
         "review_note"),
        ("program_id", "para_id", "quote"), ("program_id", "doc_id", "para_id", "stage", "stage_rank")),
    "outcomes": Resource(
        "outcome sentence of a meeting document, classed by its closing verb",
        ("outcome_id", "doc_id", "para_id", "series", "verb_class", "verb_ja", "topic_en", "quote", "confirmed"),
        ("outcome_id",), ("outcome_id", "doc_id", "para_id", "verb_class", "quote"),
        (("series", _OUTCOME_SERIES),)),
    "figures": Resource(
        "quantitative figure, with unit, approximation and time point",
        ("figure_id", "doc_id", "para_id", "value", "value_high", "unit", "approx", "series", "subject",
         "label_en", "label_ja", "as_of", "quote", "review", "review_note"),
        ("figure_id",), ("figure_id", "doc_id", "para_id", "value", "unit"),
        (("series", _FIGURE_SERIES),)),
    "strategies": Resource(
        "national or regional defence-industrial strategy, with its themes",
        ("strategy_id", "country_or_region", "country_ja", "title_ja", "title_en", "published", "themes",
         "doc_id", "para_id", "quote"),
        ("strategy_id",), ("strategy_id", "country_or_region", "title_ja", "doc_id", "para_id")),
    "startups": Resource(
        "startup a document names",
        ("name", "country", "field", "field_ja", "doc_id", "para_id", "quote"),
        ("para_id",), ("name", "doc_id", "para_id")),
    "decisions": Resource(
        "analyst's decision in `review.yaml`, applied or stale",
        ("decision_n", "decision", "target_table", "row_id", "rows_merged", "fields", "cite", "quote",
         "decided_by", "why", "status", "status_reason"),
        ("decision_n",), ("decision_n", "decision", "target_table", "row_id", "decided_by", "why", "status"),
        (("status", _DECISION_STATUS), ("quote", _DECISION_QUOTE))),
}


def _empty(values: pd.Series) -> pd.Series:
    return values.isna() | values.astype(str).eq("")


def _rows(mask: pd.Series, limit: int = 5) -> str:
    rows = [str(i) for i in mask[mask].index[:limit]]
    more = int(mask.sum()) - len(rows)
    return ", ".join(rows) + (f" and {more} more" if more > 0 else "")


def validate(name: str, frame: pd.DataFrame) -> None:
    """Check a table against its schema.

    Args:
        name: The table's name in :data:`RESOURCES`.
        frame: The table, as the extractors give it (lists still joined).

    Raises:
        InputError: The first violation, naming the table, the column and the
            rows (0-based positions), in one line.
    """
    res = RESOURCES[name]
    where = f"table {name}"
    if tuple(frame.columns) != res.columns:
        raise InputError(where, f"columns {list(frame.columns)} differ from the schema {list(res.columns)}")
    frame = frame.reset_index(drop=True)
    for column in res.required:
        bad = _empty(frame[column])
        if bad.any():
            raise InputError(where, f"column {column} is empty in row(s) {_rows(bad)}")
    for column in res.columns:
        f = res.field(column)
        values = frame[column]
        filled = ~_empty(values)
        if f.allowed:
            bad = filled & ~values.astype(str).isin(f.allowed)
            if bad.any():
                odd = sorted(set(values[bad].astype(str)))[:3]
                raise InputError(where, f"column {column} has {odd} in row(s) {_rows(bad)}; "
                                        f"allowed: {', '.join(a for a in f.allowed if a)}")
        if f.type in ("integer", "number") and filled.any():
            bad = filled & pd.to_numeric(values.where(filled), errors="coerce").isna()
            if bad.any():
                raise InputError(where, f"column {column} is not a {f.type} in row(s) {_rows(bad)}")
        if f.type == "integer" and filled.any():
            nums = pd.to_numeric(values.where(filled), errors="coerce")
            bad = filled & (nums % 1 != 0)
            if bad.any():
                raise InputError(where, f"column {column} is not a whole number in row(s) {_rows(bad)}")
    dup = frame.duplicated(list(res.key), keep=False)
    if dup.any():
        raise InputError(where, f"key ({', '.join(res.key)}) is not unique in row(s) {_rows(dup)}")


def data_dictionary() -> str:
    """The data dictionary, in Markdown: every table, every column's type, unit, meaning, example."""
    lines = ["## Data dictionary", "",
             "Generated from `src/jdib/store/schema.py` by `jdib tables --docs`; do not edit by hand.",
             "A `list` column is a list in DuckDB and Parquet and `;`-joined text in CSV "
             "(`participants` and `participants_en` are joined with `; `). "
             "**Key** columns are unique together; **required** columns are never empty.", ""]
    for name, res in RESOURCES.items():
        lines += [f"### `{name}`", "", f"One row per {res.description}. "
                  f"Key: {', '.join(f'`{k}`' for k in res.key)}.", "",
                  "| column | type | unit | required | meaning | example |", "|---|---|---|---|---|---|"]
        for column in res.columns:
            f = res.field(column)
            meaning = f.meaning + (f" One of: {', '.join(f'`{a}`' for a in f.allowed if a)}." if f.allowed else "")
            lines.append(f"| `{column}` | {f.type} | {f.unit} | {'yes' if column in res.required else ''} "
                         f"| {meaning} | {f.example.replace('|', '/')} |")
        lines.append("")
    return "\n".join(lines)



#: The lines around the generated data dictionary in a Markdown file: jdib rewrites only what is between.
DICTIONARY_BEGIN = "<!-- jdib: the data dictionary below is written by `jdib tables --docs` -->"
DICTIONARY_END = "<!-- jdib: end of the data dictionary -->"


def with_dictionary(text: str, path: str = "README") -> str:
    """A Markdown text with its data dictionary section rewritten, or added at its end.

    Only the lines between :data:`DICTIONARY_BEGIN` and :data:`DICTIONARY_END`
    change; a text without them gets the section after everything it holds.
    Nothing of the user's text is ever cut.

    Args:
        text: The file's current text (``# data/`` and a blank line for a new file).
        path: The file, named in errors.

    Raises:
        InputError: A marker without its partner, or more than one section: jdib
            cannot tell where its section ends.
    """
    block = f"{DICTIONARY_BEGIN}\n{data_dictionary().rstrip()}\n{DICTIONARY_END}\n"
    begins, ends = text.count(DICTIONARY_BEGIN), text.count(DICTIONARY_END)
    if (begins, ends) == (0, 0):
        return text.rstrip() + "\n\n" + block
    if (begins, ends) == (1, 1) and text.index(DICTIONARY_BEGIN) < text.index(DICTIONARY_END):
        head, _, rest = text.partition(DICTIONARY_BEGIN)
        tail = rest.partition(DICTIONARY_END)[2].removeprefix("\n")
        return head + block + tail
    raise InputError(path, "its data dictionary markers do not pair up (one begin line, then one end "
                           "line); jdib will not guess where its section ends")


#: Table Schema types of the CSV files; ``date`` and ``list`` columns are text there.
_CSV_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean",
              "date": "string", "list": "string"}


def datapackage(names: list[str] | None = None) -> dict:
    """A Frictionless Data Package describing the CSV files of the tables.

    Every column with its type, meaning, unit and allowed values, every table's
    key and required columns, from :data:`FIELDS` and :data:`RESOURCES`.

    Args:
        names: The tables written (default: every table).

    Returns:
        The ``datapackage.json`` descriptor, as a dict.
    """
    resources = []
    for name in names or list(RESOURCES):
        res = RESOURCES[name]
        fields = []
        for column in res.columns:
            f = res.field(column)
            spec: dict = {"name": column, "type": _CSV_TYPES[f.type], "description": f.meaning}
            if f.type == "date":
                spec["description"] += " ISO 8601 at its own precision (2026-04-17, 2026-04, 2026, FY2026)."
            if f.type == "list":
                spec["description"] += f" A list, joined with {f.sep!r}."
            if f.type == "boolean":
                spec |= {"trueValues": ["True"], "falseValues": ["False"]}
            if f.unit:
                spec["unit"] = f.unit
            constraints: dict = {}
            if column in res.required:
                constraints["required"] = True
            if f.allowed:
                constraints["enum"] = [a for a in f.allowed if a]
            if constraints:
                spec["constraints"] = constraints
            fields.append(spec)
        resources.append({
            "name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "description": f"One row per {res.description}.",
            "schema": {"fields": fields, "primaryKey": list(res.key), "missingValues": [""]},
        })
    return {"profile": "tabular-data-package", "name": "jdib-tables",
            "title": "Tables of the US-Japan defence-industrial relationship, read from official documents",
            "resources": resources}
