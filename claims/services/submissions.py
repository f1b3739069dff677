"""Articles submitted through the API: a pending row now, the fetching and extraction in a Celery job."""

from __future__ import annotations

from django.db import transaction

from sources.models import Article, FetchStatus


@transaction.atomic
def article_submit(*, url: str = "", text: str = "", title: str = "") -> Article:
    """Create a pending Article from a URL or a text and enqueue ``article_ingest_task`` once committed.

    Exactly one of ``url`` / ``text`` is given (the API's input serializer checks it). The job fetches
    and extracts the article and stores its candidate claims; its outcome is on the row
    (``fetch_status`` / ``fetch_error``), which the client polls at ``/api/v1/articles/{id}/``.
    """
    from claims.tasks import article_ingest_task

    article = Article.objects.create(submitted_url=url, text=text, title=title[:500], fetch_status=FetchStatus.PENDING)
    transaction.on_commit(lambda: article_ingest_task.delay(article.id))
    return article
