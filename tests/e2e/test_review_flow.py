"""End to end in a real browser: a reviewer checks a claim, an editor approves and publishes it, and its
ClaimReview appears in the public feed. Screenshots of each step go to artifacts/e2e/.

Drives Debian's Chromium (/usr/bin/chromium, installed by scripts/install-browser.sh) with Playwright;
Playwright's own browser download is never used.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from claims.models import Claim, ClaimStatus, Verdict, VerdictStatus
from tests.factories import AppearanceFactory, ArticleFactory, EvidenceFactory, PassageFactory

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (scripts/install-browser.sh)"),
    # The live server needs committed rows; the role groups are made again after earlier flushes.
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_rows"),
]


@pytest.fixture
def candidate_claim():
    sentence = "The minister said unemployment halved since 2020."
    article = ArticleFactory(
        title="Minister claims jobless rate halved", text=f"The debate was heated. {sentence} Others disagreed."
    )
    start = article.text.index(sentence)
    claim = AppearanceFactory(
        article=article,
        start=start,
        end=start + len(sentence),
        sentence=sentence,
        claim__statement="Unemployment halved since 2020.",
        claim__checkworthiness=0.9,
    ).claim
    for rank, sentence in enumerate(["Statistics office: unemployment fell from 7% to 6%.", "Weather was mild."], 1):
        passage = PassageFactory(document__text=f"Background. {sentence} More text.", start=12, text=sentence)
        passage.end = 12 + len(sentence)
        passage.save()
        EvidenceFactory(claim=claim, passage=passage, rank=rank, score=1 / rank)
    return claim


def orm(query):
    """Run an ORM call in a plain thread with its own connection, closed afterwards.

    Playwright's sync API runs an event loop (on greenlets) in the test's thread once it has started;
    Django refuses database calls there, and a connection opened in that context would outlive the test.
    """

    def run():
        try:
            return query()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@pytest.fixture
def browser_for(tmp_path):
    """``browser_for(name)``: a fresh Chromium profile (its own user-data dir) as a Playwright page.

    Playwright starts on the first call, after the test's data fixtures have written to the database.
    """
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    started: list = []
    contexts = []

    def open_browser(name: str):
        if not started:
            started.append(sync_playwright().start())
        context = started[0].chromium.launch_persistent_context(
            str(tmp_path / f"profile-{name}"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.pages[0] if context.pages else context.new_page()

    yield open_browser
    for context in contexts:
        context.close()
    if started:
        started[0].stop()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/?next=/admin/claims/claim/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.url.endswith("/admin/claims/claim/"), page.url


def click(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def public_feeds() -> list[str]:
    """The public ClaimReview feeds: the JSON-LD page feed and the API's (JSON, not the browsable HTML)."""
    return ["/claim-reviews/feed.jsonld", "/api/v1/claim-reviews/?format=json"]


def test_reviewer_and_editor_take_a_claim_to_a_published_claimreview(
    live_server, browser_for, candidate_claim, reviewer, editor
):
    from playwright.sync_api import expect

    base = live_server.url
    claim = candidate_claim
    appearance_id = claim.appearances.get().pk
    first_evidence = claim.evidence.get(rank=1)

    page = browser_for("reviewer")
    log_in(page, base, reviewer.username)
    expect(page.locator("#result_list")).to_contain_text("Unemployment halved since 2020.")
    shot(page, "01-reviewer-claim-list")

    click(page, f"#result_list a[href$='/admin/claims/claim/{claim.pk}/change/']")
    expect(page.locator(f"#claim-sentence-{appearance_id}")).to_have_text(
        "The minister said unemployment halved since 2020."
    )
    expect(page.locator("#claim-status")).to_have_text("Candidate")
    expect(page.locator(".machine").first).to_contain_text("Machine suggestion")
    shot(page, "02-reviewer-candidate-claim")

    click(page, "#action-accept")
    expect(page.locator("#claim-status")).to_have_text("Accepted for checking")
    click(page, "#action-assign")
    expect(page.locator("#claim-status")).to_have_text("Assigned / in review")
    click(page, f"#evidence-{first_evidence.pk} .accept-evidence")
    expect(page.locator(f"#evidence-{first_evidence.pk} .decision")).to_have_text("Accepted")
    shot(page, "03-reviewer-evidence-accepted")

    page.select_option("#verdict-rating", label="Mostly false")
    page.fill("#verdict-rationale", "The statistics office reports a fall from 7% to 6%, not a halving.")
    click(page, "#action-propose")
    expect(page.locator("#verdict-status")).to_have_text("Proposed")
    expect(page.locator("#verdict-panel")).to_contain_text("Two-person rule")
    shot(page, "04-reviewer-verdict-proposed")

    page = browser_for("editor")
    log_in(page, base, editor.username)
    page.goto(f"{base}/admin/claims/claim/{claim.pk}/change/")
    click(page, "#action-approve")
    expect(page.locator("#verdict-status")).to_have_text("Approved")
    shot(page, "05-editor-approved")
    click(page, "#action-publish")
    expect(page.locator("#verdict-status")).to_have_text("Published")
    expect(page.locator(".messagelist")).to_contain_text("now in the public feed")
    shot(page, "06-editor-published")

    verdict = orm(lambda: Verdict.objects.get(claim=claim))
    assert (verdict.status, verdict.author_id, verdict.approver_id) == (VerdictStatus.PUBLISHED, reviewer.pk, editor.pk)
    assert orm(lambda: Claim.objects.get(pk=claim.pk).status) == ClaimStatus.PUBLISHED

    for feed in public_feeds():
        response = page.goto(base + feed)
        assert response.status == 200
        body = response.json()
        reviews = body if isinstance(body, list) else body.get("results", body)
        (review,) = [r for r in reviews if r["claimReviewed"] == "Unemployment halved since 2020."]
        assert review["reviewRating"]["alternateName"] == "Mostly false"
        assert review["itemReviewed"]["firstAppearance"]["headline"] == "Minister claims jobless rate halved"
    shot(page, "07-public-feed")

    page.goto(f"{base}/admin/claims/claim/{claim.pk}/change/")
    click(page, "#public-review")
    embedded = page.locator("script[type='application/ld+json']").text_content()
    assert json.loads(embedded)["@type"] == "ClaimReview"
    expect(page.locator(".rating")).to_have_text("Mostly false")
    shot(page, "08-public-claimreview-page")
