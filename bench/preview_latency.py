"""How soon the preview shows an edit, at archive scale.

    python bench/preview_latency.py [--stories 1000] [--edits 5]

It writes the same synthetic archive as build_speed.py, starts `serve` on it, and
times: the first start (a whole build), each edit of one note until the preview's
version changes (what the open page polls to reload), the CPU the idle preview uses,
and a restart, which starts from the cache the first one left.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from build_speed import write_archive  # noqa: E402


def start(content: Path, temporary: Path) -> tuple[subprocess.Popen, str, float]:
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--content",
                                str(content), "--port", "0"], stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "TMPDIR": str(temporary)})
    line = process.stdout.readline()
    if not line.startswith("Serving "):
        raise SystemExit(f"serve did not start: {line}")
    return process, line.split()[1], time.perf_counter() - started


def version(url: str) -> str:
    with urllib.request.urlopen(url + "__glossator/version", timeout=10) as response:
        return response.read().decode()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="glossator-bench-") as name:
        folder = Path(name)
        write_archive(folder, args.stories, 20)
        content = folder / "content"
        process, url, first = start(content, folder)
        try:
            notes = content / "story-00007" / "annotations.yaml"
            delays = []
            for edit in range(args.edits):
                time.sleep(1)
                before = version(url)
                edited = time.perf_counter()
                with notes.open("a") as file:
                    file.write(f"# edit {edit}\n")
                # Asked 20 times a second: the page asks every 0.7 s, and a client asking
                # every 5 ms took the preview's own interpreter from its build (at
                # 20,000 stories an edit then took 9.4 s to show, rather than 3).
                while version(url) == before:
                    time.sleep(0.05)
                delays.append(time.perf_counter() - edited)
            idle = cpu_seconds(process.pid)
            time.sleep(3)
            idle = cpu_seconds(process.pid) - idle
        finally:
            process.terminate()
            process.wait()
        process, url, restart = start(content, folder)
        process.terminate()
        process.wait()
    print(f"the preview of {args.stories:,} stories of about 900 words, 20 notes each")
    print(f"  first start (a whole build)           {first:6.2f} s")
    print(f"  an edit shown, median of {args.edits}            {statistics.median(delays):6.2f} s "
          f"(slowest {max(delays):.2f} s)")
    print(f"  CPU used while idle, over 3 s          {idle:6.2f} s")
    print(f"  a restart, from its cache              {restart:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
