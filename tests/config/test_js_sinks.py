"""No user-written string reaches an HTML sink in our JavaScript: ESLint's no-unsanitized rule
(eslint.config.mjs) passes on static/js, and the same rule really refuses each kind of sink."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ESLINT = ROOT / "node_modules" / ".bin" / "eslint"

PROBES = {
    "innerHTML": "el.innerHTML = data.title;",
    "outerHTML": "el.outerHTML = data.title;",
    "insertAdjacentHTML": 'el.insertAdjacentHTML("beforeend", data.title);',
    "document.write": "document.write(data.title);",
    "bindTooltip": "marker.bindTooltip(feature.properties.title);",
    "bindPopup": 'marker.bindPopup("<b>" + feature.properties.title + "</b>");',
    "setContent": "L.popup().setContent(area.name);",
    "addAttribution": "map.attributionControl.addAttribution(config.attribution);",
}


def _eslint(*args, stdin=None):
    return subprocess.run(
        [str(ESLINT), *args], cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


def test_our_scripts_pass_the_html_sink_rule():
    result = _eslint("static/js")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("sink", PROBES)
def test_the_rule_refuses_data_at_each_sink(sink):
    result = _eslint("--stdin", "--stdin-filename", "static/js/probe.js", stdin=PROBES[sink] + "\n")
    assert result.returncode == 1 and "no-unsanitized" in result.stdout, result.stdout + result.stderr


def test_the_rule_lets_text_nodes_and_literals_through():
    code = 'marker.bindTooltip(civicDom.text(f.properties.title));\nmarker.bindPopup("<b>Key</b>");\n'
    result = _eslint("--stdin", "--stdin-filename", "static/js/probe.js", stdin=code)
    assert result.returncode == 0, result.stdout + result.stderr
