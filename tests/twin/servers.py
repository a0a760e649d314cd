"""Real HTTP servers for the adapter tests, answering as the standards specify.

SensorThings API 1.1: /v1.1/Datastreams(1) with unitOfMeasurement, /v1.1/Datastreams(1)/Observations
honouring $filter=phenomenonTime gt …, $orderby, $top and @iot.nextLink (with $skip).
CKAN: /api/3/action/datastore_search with limit/offset, {"success": …, "result": {…}} and error documents.
A plain CSV file with ETag and 304 Not Modified.
`fail_on` makes one request answer 500 (an error page), to test that nothing partial is stored.
"""

import json
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

START = datetime(2026, 1, 1, tzinfo=UTC)


class FakeServices:
    def __init__(self):
        self.readings = [(START + timedelta(hours=h), 20 + h % 7) for h in range(25)]
        self.unit_symbol = "µg/m³"
        self.ckan_rows = [{"_id": i + 1, "ward": "W1", "year": str(2019 + i), "value": 60 + i} for i in range(7)] + [
            {"_id": 8, "ward": "W1", "year": "2026", "value": "-99"}
        ]
        self.csv_text = "area,period,value\nW1,2025,12.5\nW2,2025,14.0\nW1,2024,..\n"
        self.etag = '"v1"'
        self.fail_on: str | None = None  # a substring of the path+query that answers 500
        self.requests: list[str] = []

    # -- SensorThings -------------------------------------------------------------------------
    def sensorthings(self, path, query):
        if path == "/v1.1/Datastreams(1)":
            return 200, {
                "@iot.id": 1,
                "name": "NO2 at Acocks Green",
                "unitOfMeasurement": {
                    "name": "microgram per cubic metre",
                    "symbol": self.unit_symbol,
                    "definition": "http://qudt.org/vocab/unit/MicroGM-PER-M3",
                },
                "observationType": "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
            }
        if path == "/v1.1/Datastreams(1)/Observations":
            rows = self.readings
            flt = query.get("$filter", [""])[0]
            if flt:
                if not flt.startswith("phenomenonTime gt "):
                    return 400, {"code": 400, "type": "error", "message": f"Unsupported filter {flt}"}
                after = datetime.fromisoformat(flt.removeprefix("phenomenonTime gt ").replace("Z", "+00:00"))
                rows = [r for r in rows if r[0] > after]
            top = int(query.get("$top", ["100"])[0])
            skip = int(query.get("$skip", ["0"])[0])
            page = rows[skip : skip + top]
            body = {
                "value": [
                    {"@iot.id": i + skip, "phenomenonTime": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "result": v}
                    for i, (t, v) in enumerate(page)
                ]
            }
            if skip + top < len(rows):
                params = f"$top={top}&$skip={skip + top}&$orderby=phenomenonTime%20asc"
                if flt:
                    params += "&$filter=" + flt.replace(" ", "%20")
                body["@iot.nextLink"] = f"{self.base}/v1.1/Datastreams(1)/Observations?{params}"
            return 200, body
        return 404, {"code": 404, "type": "error", "message": "Not found"}

    # -- CKAN ---------------------------------------------------------------------------------
    def ckan(self, path, query):
        if query.get("resource_id", [""])[0] != "res-1":
            return 404, {
                "help": "",
                "success": False,
                "error": {"message": "Not found: Resource not found", "__type": "Not Found Error"},
            }
        limit = int(query.get("limit", ["100"])[0])
        offset = int(query.get("offset", ["0"])[0])
        records = self.ckan_rows[offset : offset + limit]
        return 200, {
            "help": "",
            "success": True,
            "result": {
                "resource_id": "res-1",
                "fields": [
                    {"id": "ward", "type": "text"},
                    {"id": "year", "type": "text"},
                    {"id": "value", "type": "numeric"},
                ],
                "records": records,
                "total": len(self.ckan_rows),
                "limit": limit,
                "offset": offset,
                "_links": {
                    "start": "/api/3/action/datastore_search?resource_id=res-1",
                    "next": f"/api/3/action/datastore_search?resource_id=res-1&offset={offset + limit}",
                },
            },
        }


def _handler(services: FakeServices):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status, body, content_type="application/json", headers=None):
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):  # noqa: N802 - http.server's name
            services.requests.append(self.path)
            url = urlparse(self.path)
            query = parse_qs(url.query)
            if services.fail_on and services.fail_on in self.path:
                self._send(500, "<html><body><h1>500 Internal Server Error</h1></body></html>", "text/html")
                return
            if url.path.startswith("/v1.1/"):
                self._send(*services.sensorthings(url.path, query))
            elif url.path == "/api/3/action/datastore_search":
                self._send(*services.ckan(url.path, query))
            elif url.path == "/files/data.csv":
                if self.headers.get("If-None-Match") == services.etag:
                    self.send_response(304)
                    self.send_header("ETag", services.etag)
                    self.end_headers()
                    return
                self._send(200, services.csv_text, "text/csv; charset=utf-8", {"ETag": services.etag})
            else:
                self._send(404, {"message": "no such path"})

    return Handler


class Running:
    def __init__(self):
        self.services = FakeServices()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.services))
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.services.base = self.base
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
