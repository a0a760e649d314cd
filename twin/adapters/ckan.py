"""CKAN Action API, DataStore: datastore_search with limit/offset paging.

parameters = {"resource_id": "…", "limit": 1000, "columns": {…same mapping as the CSV adapter…}}

GET {endpoint}/api/3/action/datastore_search?resource_id=…&limit=…&offset=…&sort=<time> asc
→ {"success": true, "result": {"records": [...], "total": N, "_links": {"next": …}}}; an error is
{"success": false, "error": {"message": …, "__type": …}}. Rows at or before the watermark are skipped.
"""

from twin.adapters.base import Adapter, SourceError
from twin.adapters.tabular import rows_to_observations

MAX_PAGES = 10_000


class CkanAdapter(Adapter):
    def pages(self, since):
        resource_id = self.params.get("resource_id")
        if not resource_id:
            raise SourceError("no resource_id configured")
        columns = self.params.get("columns") or {}
        limit = int(self.params.get("limit") or 1000)
        url = self.source.endpoint.rstrip("/") + "/api/3/action/datastore_search"
        offset = 0
        for _page in range(MAX_PAGES):
            query = {"resource_id": resource_id, "limit": limit, "offset": offset}
            if columns.get("period_start"):
                query["sort"] = f"{columns['period_start']} asc"
            document = self.get_json(url, params=query)
            if not document.get("success"):
                error = document.get("error") or {}
                raise SourceError(f"CKAN error: {error.get('message') or error}")
            result = document.get("result") or {}
            records = result.get("records")
            if not isinstance(records, list):
                raise SourceError("CKAN response has no result.records")
            yield [o for o in rows_to_observations(records, columns) if since is None or o.period_end > since]
            offset += len(records)
            if not records or offset >= int(result.get("total") or 0):
                return
        raise SourceError(f"more than {MAX_PAGES} pages")
