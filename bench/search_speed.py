"""How soon a reader's search shows its first results, in Chromium, beside a peer.

    TMPDIR=/dev/shm python bench/search_speed.py [--stories 1000] [--runs 5]
                                                 [--peer /work/main] [--latency 0,40]

It writes the synthetic archive of build_speed.py, builds it with search by this
checkout and by the `--peer` checkout (another version of Glossator: its build.py,
with this Python), and serves both sites over http from a sub-path. For each query
it opens the index page in a fresh browser context (an empty cache), types the
query into the search box and times until the first result's title is shown
(Pagefind waits 300 ms after typing before it searches, in both). `--latency` adds
that many milliseconds to every request (Chromium's network emulation), as a
reader far from the host would see it; 0 is the loopback as it is.

Then it asks each site's index, through Pagefind's own API, for every page a query
finds, and says whether the two sites find the same pages (by Pagefind's id of a
page, which is the digest of what it indexed) and the same first five.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from build_speed import write_archive  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]

# Every page of the archive has every word of its vocabulary; a story's number is in
# its title alone; "meant" is in a third of the notes.
QUERIES = ("sanctions", "ambassador timing", "meant", "{middle}")

# The search box's index, as it loads it
EVERY_PAGE = """async (queries) => {
  const pagefind = await import(new URL('pagefind/pagefind.js', document.baseURI).pathname);
  const found = {};
  for (const query of queries) {
    const search = await pagefind.search(query);
    const first = await Promise.all(search.results.slice(0, 5).map((r) => r.data()));
    found[query] = { ids: search.results.map((r) => r.id).sort(),
                     first: first.map((d) => d.url) };
  }
  return found;
}"""


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    root = site.with_name(f"{site.name}-served")
    root.mkdir(exist_ok=True)
    if not (root / "stories").is_symlink():
        (root / "stories").symlink_to(site.absolute(), target_is_directory=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/stories/"


def build(checkout: Path, content: Path, site: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(checkout / "build.py"), "build", "--content",
                           str(content), "--out", str(site)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the build by {checkout} failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def first_results(browser, url: str, query: str, latency: int) -> float:
    context = browser.new_context()         # an empty cache
    page = context.new_page()
    if latency:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": latency, "downloadThroughput": -1,
            "uploadThroughput": -1})
    page.goto(url, wait_until="load")
    box = page.locator("#search input")
    box.wait_for()
    started = time.perf_counter()
    box.fill(query)
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=60_000)
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--annotations", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--peer", type=Path, default=Path("/work/main"),
                        help="the checkout to compare with (default: /work/main)")
    parser.add_argument("--latency", default="0,40",
                        help="milliseconds added to each request, a list (default: 0,40)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="write the archive and the two sites into DIR and leave them "
                             "there; sites DIR holds already are not built again")
    args = parser.parse_args()
    latencies = [int(value) for value in args.latency.split(",")]
    queries = [q.format(middle=args.stories // 2 + 7) for q in QUERIES]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="glossator-search-"))
    try:
        if not (folder / "content").exists():
            write_archive(folder, args.stories, args.annotations)
        sites = {"this checkout": (ROOT, folder / "ours"), "peer": (args.peer, folder / "peer")}
        for name, (checkout, site) in sites.items():
            if not (site / "index.html").exists():
                print(f"built with search by {name} ({checkout}) in "
                      f"{build(checkout, folder / 'content', site):.1f} s", flush=True)
        servers = {name: serve(site) for name, (_, site) in sites.items()}
        times: dict[tuple[str, int, str], list[float]] = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(args.runs):          # the two sites in turn
                for latency in latencies:
                    for query in queries:
                        for name, (_, url) in servers.items():
                            times.setdefault((name, latency, query), []).append(
                                first_results(browser, url, query, latency))
            found = {}
            for name, (_, url) in servers.items():
                page = browser.new_page()
                page.goto(url)
                found[name] = page.evaluate(EVERY_PAGE, queries)
                page.close()
            browser.close()
        for server, _ in servers.values():
            server.shutdown()
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)

    print(f"{args.stories:,} stories; first results shown after typing, cold cache, "
          f"median of {args.runs} (seconds)")
    print(f"{'query':<22}{'latency':>9}{'this':>9}{'peer':>9}{'ratio':>8}")
    for latency in latencies:
        for query in queries:
            ours = statistics.median(times[("this checkout", latency, query)])
            peer = statistics.median(times[("peer", latency, query)])
            print(f"{query:<22}{latency:>7}ms{ours:>9.3f}{peer:>9.3f}{ours / peer:>8.2f}")
    print("pages found (this / peer): same pages? same first five?")
    for query in queries:
        ours, peer = found["this checkout"][query], found["peer"][query]
        print(f"  {query:<20}{len(ours['ids']):>7} / {len(peer['ids']):<7}"
              f"{'same' if ours['ids'] == peer['ids'] else 'DIFFERENT':>10}"
              f"{'same' if ours['first'] == peer['first'] else 'different':>11}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
