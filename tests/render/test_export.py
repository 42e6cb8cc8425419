"""Printing a report to PDF: what Chromium may and may not do while it prints."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from jdib.render import export

# A page that asks for the web every way a page can: by name and by address.
PAGE = ("<!DOCTYPE html><html><head><meta charset='utf-8'>"
        "<link rel='stylesheet' href='https://fonts.example.com/a.css'></head><body>"
        "<p>日米防衛産業協力</p><img src='https://example.com/x.png'><img src='http://93.184.216.34/y.png'>"
        "<iframe src='http://[2606:2800:220:1::]/'></iframe></body></html>")
_CALL = re.compile(r"^(\d+) (connect|sendto|sendmsg)\((\d+)<([A-Z0-9v]+):[^>]*>, (.*)")
_RESUMED = re.compile(r"^(\d+) <\.\.\. (connect|sendto|sendmsg) resumed>.*\) = (-?\d+)")


def network_calls(trace: str) -> list[tuple[str, str, str, int]]:
    """(call, protocol, address, result) of every Internet socket call in an ``strace -f -yy`` log."""
    calls, pending = [], {}
    for line in trace.splitlines():
        if m := _CALL.match(line):
            pid, call, _, protocol, rest = m.groups()
            if "AF_INET" not in rest:
                continue
            address = re.search(r'inet_(?:addr|pton)\([^"]*"([^"]+)"\)?', rest)
            port = re.search(r"htons\((\d+)\)", rest)
            where = f"{address.group(1) if address else '?'}:{port.group(1) if port else '?'}"
            if "<unfinished ...>" in rest:
                pending[(pid, call)] = (call, protocol, where)
            else:
                calls.append((call, protocol, where, int(rest.rsplit("= ", 1)[1].split()[0])))
        elif (m := _RESUMED.match(line)) and (m.group(1), m.group(2)) in pending:
            calls.append((*pending.pop((m.group(1), m.group(2))), int(m.group(3))))
    return calls


@pytest.mark.skipif(export.find_chromium() is None or shutil.which("strace") is None,
                    reason="needs Chromium and strace (make system installs both)")
@pytest.mark.parametrize("isolated", [True, False], ids=["network namespace", "switches alone"])
def test_printing_a_pdf_makes_no_network_request(tmp_path, monkeypatch, isolated):
    if isolated and not export.offline_prefix():
        pytest.skip("this machine cannot make a network namespace")
    if not isolated:
        monkeypatch.setattr(export, "offline_prefix", lambda: ())
    trace = tmp_path / "trace.txt"
    wrapper = tmp_path / "traced-chromium"
    wrapper.write_text(f"#!/bin/sh\nexec {shutil.which('strace')} -f -qq -yy -e trace=network -o {trace} "
                       f"{export.find_chromium()} \"$@\"\n")
    wrapper.chmod(0o755)
    monkeypatch.setenv("JDIB_CHROMIUM", str(wrapper))
    export.print_pdf(PAGE, tmp_path / "page.pdf")
    assert (tmp_path / "page.pdf").read_bytes().startswith(b"%PDF")
    log = trace.read_text()
    assert "socket(AF_UNIX" in log, "the trace follows Chromium and its helpers"
    calls = network_calls(log)
    assert not [c for c in calls if c[2].endswith(":53")], "no name is looked up"
    # No packet can have left: every call to an Internet address failed, but a
    # UDP connect, which sends nothing (Chromium's IPv6 probe, outside a namespace).
    sent = [c for c in calls if c[3] >= 0 and not (c[0] == "connect" and c[1].startswith("UDP"))]
    assert sent == [], sent
    if isolated:
        assert [c for c in calls if c[3] >= 0] == [], "in its own namespace Chromium reaches nothing"


@pytest.mark.skipif(export.find_chromium() is None, reason="needs Chromium")
@pytest.mark.parametrize("tmpdir", ["missing", "a-file"])
def test_a_pdf_prints_when_tmpdir_names_a_folder_that_cannot_be_written(tmp_path, monkeypatch, tmpdir):
    import tempfile

    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv("TMPDIR", str(tmp_path / tmpdir))
    monkeypatch.setattr(tempfile, "tempdir", None)  # Python looks again, and passes it over
    export.print_pdf(PAGE, tmp_path / "page.pdf")
    assert (tmp_path / "page.pdf").read_bytes().startswith(b"%PDF")


def test_without_any_writable_temporary_folder_a_pdf_build_stops_in_one_line(tmp_path, monkeypatch, capsys):
    import tempfile

    from jdib import paths
    from jdib.cli import main

    def none():
        raise FileNotFoundError("No usable temporary directory found")

    monkeypatch.setenv("TMPDIR", "/nonexistent")
    monkeypatch.setattr(tempfile, "gettempdir", none)
    assert main(["build", "--notebooks", str(paths.NOTEBOOKS), "--out", str(tmp_path / "o"), "--only", "00",
                 "--force"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("jdib: error: TMPDIR=/nonexistent: no temporary folder can be written")
