"""OGC SensorThings API 1.1 (Sensing part).

parameters = {"datastreams": [{"id": 7, "kpi": "no2", "area": "E05011182"}, …], "top": 1000}

For each Datastream: GET {endpoint}/Datastreams(id) for its unitOfMeasurement, then
GET {endpoint}/Datastreams(id)/Observations?$filter=phenomenonTime gt <watermark>
&$orderby=phenomenonTime asc&$top=N, following @iot.nextLink until there is none.
phenomenonTime is an instant or an interval "start/end"; `result` is the value.
"""

from urllib.parse import urljoin

from twin.adapters.base import Adapter, RawObservation, SourceError
from twin.adapters.timeparse import iso, parse_period

MAX_PAGES = 10_000


class SensorThingsAdapter(Adapter):
    def pages(self, since):
        base = self.source.endpoint.rstrip("/") + "/"
        streams = self.params.get("datastreams") or []
        if not streams:
            raise SourceError("no datastreams configured (parameters.datastreams)")
        top = int(self.params.get("top") or 1000)
        for stream in streams:
            stream_id = stream["id"]
            meta = self.get_json(urljoin(base, f"Datastreams({stream_id})"))
            unit = ((meta.get("unitOfMeasurement") or {}).get("symbol")) or ""
            query = {"$orderby": "phenomenonTime asc", "$top": top}
            if since is not None:
                query["$filter"] = f"phenomenonTime gt {iso(since)}"
            url, params = urljoin(base, f"Datastreams({stream_id})/Observations"), query
            for _page in range(MAX_PAGES):
                document = self.get_json(url, params=params)
                if not isinstance(document.get("value"), list):
                    raise SourceError(f"{url}: no 'value' array in the response")
                rows = []
                for item in document["value"]:
                    try:
                        start, end = parse_period(item["phenomenonTime"])
                    except (KeyError, ValueError) as exc:
                        raise SourceError(f"Datastream {stream_id}: bad phenomenonTime ({exc})") from exc
                    rows.append(
                        RawObservation(
                            kpi=stream["kpi"],
                            area=stream["area"],
                            period_start=start,
                            period_end=end,
                            value=item.get("result"),
                            unit=unit,
                            quality=str((item.get("parameters") or {}).get("quality") or ""),
                        )
                    )
                yield rows
                next_link = document.get("@iot.nextLink")
                if not next_link:
                    break
                # The next link carries the query itself.
                url, params = urljoin(base, next_link), None
            else:
                raise SourceError(f"Datastream {stream_id}: more than {MAX_PAGES} pages")
