"""A CSV or JSON file at a URL (or shipped in twin/data/), with a declared column mapping.

parameters = {
  "format": "csv" | "json", "records_path": "data.rows" (JSON: where the list of rows is),
  "page_size": 5000,
  "columns": {
     "area": "lsoa_code",                       # column with the area code (required)
     "period": "2025" | "period_start"/"period_end": column names, or "period_column": "year",
     "kpi": "indicator", "value": "value",      # long layout: one row per observation …
     "values": {"imd_score": "imd_score"},      # … or wide layout: one column per KPI
     "unit": "unit", "quality": "quality"       # optional columns
  }
}
A conditional GET (ETag / Last-Modified kept as the dataset version) skips unchanged files.
"""

import csv
import functools
import io
import json

from twin.adapters.base import PROJECT_PREFIX, Adapter, RawObservation, SourceError, shipped_file
from twin.adapters.timeparse import parse_instant, parse_period


def rows_to_observations(rows, columns: dict):
    area_col = columns.get("area")
    if not area_col:
        raise SourceError("the column mapping has no 'area'")
    wide = columns.get("values") or {}
    fixed_period = parse_period(columns["period"]) if columns.get("period") else None
    # The mapping, read once rather than once per row.
    period_col, start_col, end_col = (
        columns.get("period_column"),
        columns.get("period_start"),
        columns.get("period_end"),
    )
    unit_col, quality_col = columns.get("unit"), columns.get("quality")
    kpi_code, kpi_col, value_col = columns.get("kpi_code"), columns.get("kpi", ""), columns.get("value", "value")
    for row in rows:
        if not isinstance(row, dict):
            raise SourceError("a row is not an object")
        try:
            if fixed_period:
                start, end = fixed_period
            elif period_col:
                start, end = parse_period(row[period_col])
            else:
                start = parse_instant(row[start_col])
                end = parse_instant(row[end_col]) if end_col else start
        except (KeyError, ValueError) as exc:
            raise SourceError(f"a row has no readable period ({exc})") from exc
        area = str(row.get(area_col) or "").strip()
        unit = str(row.get(unit_col) or "") if unit_col else ""
        quality = str(row.get(quality_col) or "") if quality_col else ""
        if wide:
            for kpi, col in wide.items():
                yield RawObservation(kpi, area, start, end, row.get(col), unit, quality)
        else:
            kpi = kpi_code or str(row.get(kpi_col) or "")
            yield RawObservation(kpi, area, start, end, row.get(value_col), unit, quality)


def csv_to_observations(reader, header: list[str], columns: dict):
    """rows_to_observations for CSV rows as lists (csv.reader): the common long layout (one
    value per row, a kpi column or code, start and optional end columns) read by position, with
    no dict per row; any other mapping goes through rows_to_observations."""
    long_layout = not (columns.get("values") or columns.get("period") or columns.get("period_column"))
    keys = ("area", "period_start", "period_end", "value", "kpi", "unit", "quality")
    mapped = {key: columns[key] for key in keys if columns.get(key)}
    required = {"area", "period_start"} <= set(mapped)
    width = len(header)
    if not long_layout or not required or not set(mapped.values()) <= set(header):
        padded = (row + [None] * (width - len(row)) if len(row) < width else row for row in reader)
        yield from rows_to_observations(map(dict, map(functools.partial(zip, header), padded)), columns)
        return
    where = {name: i for i, name in enumerate(header)}
    at = {key: where[name] for key, name in mapped.items()}
    area_i, start_i, end_i = at["area"], at["period_start"], at.get("period_end")
    value_i, unit_i, quality_i, kpi_i = (
        at.get("value", where.get("value")),
        at.get("unit"),
        at.get("quality"),
        at.get("kpi"),
    )
    kpi_code = columns.get("kpi_code")
    for row in reader:
        if len(row) < width:  # a short row: as DictReader gives it, missing cells are None
            row = row + [None] * (width - len(row))
        try:
            start = parse_instant(row[start_i])
            end = parse_instant(row[end_i]) if end_i is not None else start
        except (TypeError, ValueError) as exc:
            raise SourceError(f"a row has no readable period ({exc})") from exc
        yield RawObservation(
            kpi_code or (str(row[kpi_i] or "") if kpi_i is not None else ""),
            str(row[area_i] or "").strip(),
            start,
            end,
            row[value_i] if value_i is not None else None,
            str(row[unit_i] or "") if unit_i is not None else "",
            str(row[quality_i] or "") if quality_i is not None else "",
        )


class TabularAdapter(Adapter):
    def pages(self, since):
        endpoint = self.source.endpoint
        if endpoint.startswith(PROJECT_PREFIX):
            path = shipped_file(endpoint)
            stream = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
            self.dataset_version = f"file {path.name} {path.stat().st_size} bytes"
        else:
            headers = {}
            if self.source.dataset_version.startswith("etag "):
                headers["If-None-Match"] = self.source.dataset_version.removeprefix("etag ")
            response = self._get(endpoint, headers=headers, stream=True)
            if response.status_code == 304:
                response.close()
                return
            etag = response.headers.get("ETag")
            modified = response.headers.get("Last-Modified")
            self.dataset_version = f"etag {etag}" if etag else (f"modified {modified}" if modified else "")
            response.raw.decode_content = True  # gzip from the server is undone as it streams
            response.raw.auto_close = False  # TextIOWrapper closes it itself
            # Read the body a megabyte at a time: the CSV reader asks for a line at a time.
            body = io.BufferedReader(response.raw, buffer_size=1 << 20)
            stream = io.TextIOWrapper(body, encoding=response.encoding or "utf-8", newline="")
        try:
            columns = self.params.get("columns") or {}
            size = int(self.params.get("page_size") or 5000)
            page = []
            try:
                for observation in self._observations(stream, columns):
                    page.append(observation)
                    if len(page) >= size:
                        yield page
                        page = []
            except (OSError, UnicodeDecodeError, csv.Error) as exc:
                raise SourceError(f"the file could not be read to the end ({exc.__class__.__name__}: {exc})") from exc
            if page:
                yield page
        finally:
            stream.close()

    def _observations(self, stream, columns):
        fmt = (self.params.get("format") or "csv").lower()
        if fmt == "csv":
            reader = csv.reader(stream)
            header = next(reader, None)
            if not header:
                raise SourceError("the CSV file has no header row")
            return csv_to_observations(filter(None, reader), header, columns)  # blank lines skipped
        return rows_to_observations(self._rows(stream, fmt), columns)

    def _rows(self, stream, fmt):
        if fmt == "json":
            try:
                document = json.load(stream)
            except ValueError as exc:
                raise SourceError(f"the file is not valid JSON ({exc})") from exc
            for key in filter(None, (self.params.get("records_path") or "").split(".")):
                document = document.get(key) if isinstance(document, dict) else None
            if not isinstance(document, list):
                raise SourceError("no list of rows at records_path")
            return document
        raise SourceError(f"unknown format {fmt!r}")
