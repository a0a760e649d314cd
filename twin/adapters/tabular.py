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
    for row in rows:
        if not isinstance(row, dict):
            raise SourceError("a row is not an object")
        try:
            if fixed_period:
                start, end = fixed_period
            elif columns.get("period_column"):
                start, end = parse_period(row[columns["period_column"]])
            else:
                start = parse_instant(row[columns["period_start"]])
                end = parse_instant(row[columns["period_end"]]) if columns.get("period_end") else start
        except (KeyError, ValueError) as exc:
            raise SourceError(f"a row has no readable period ({exc})") from exc
        area = str(row.get(area_col) or "").strip()
        unit = str(row.get(columns["unit"]) or "") if columns.get("unit") else ""
        quality = str(row.get(columns["quality"]) or "") if columns.get("quality") else ""
        if wide:
            for kpi, col in wide.items():
                yield RawObservation(kpi, area, start, end, row.get(col), unit, quality)
        else:
            kpi = columns.get("kpi_code") or str(row.get(columns.get("kpi", "")) or "")
            yield RawObservation(kpi, area, start, end, row.get(columns.get("value", "value")), unit, quality)


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
            stream = io.TextIOWrapper(response.raw, encoding=response.encoding or "utf-8", newline="")
        try:
            columns = self.params.get("columns") or {}
            size = int(self.params.get("page_size") or 5000)
            page = []
            try:
                for observation in rows_to_observations(self._rows(stream), columns):
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

    def _rows(self, stream):
        fmt = (self.params.get("format") or "csv").lower()
        if fmt == "csv":
            reader = csv.DictReader(stream)
            if not reader.fieldnames:
                raise SourceError("the CSV file has no header row")
            return reader
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
