"""factory_boy factories for the models; tests override what they care about."""

from __future__ import annotations

import hashlib

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims import models as cm
from sources import models as sm


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")
    is_staff = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sm.Outlet
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Outlet {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sm.Article

    url = factory.Sequence(lambda n: f"https://news.example.org/articles/{n}")
    title = factory.Sequence(lambda n: f"Article {n}")
    outlet = factory.SubFactory(OutletFactory)
    text = factory.Sequence(lambda n: f"Minister Jane Doe said unemployment fell to {n} percent in 2024.")
    content_hash = factory.LazyAttribute(lambda a: hashlib.sha256(a.text.encode()).hexdigest())
    fetch_status = sm.FetchStatus.FETCHED
    language = "en"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sm.Document

    url = factory.Sequence(lambda n: f"https://docs.example.org/{n}")
    title = factory.Sequence(lambda n: f"Document {n}")
    publisher = "Example Wire"
    text = factory.Sequence(lambda n: f"Official statistics show unemployment fell to {n} percent in 2024.")
    content_hash = factory.LazyAttribute(lambda d: hashlib.sha256(d.text.encode()).hexdigest())
    connector = sm.ConnectorKind.LOCAL
    fetch_status = sm.FetchStatus.FETCHED


class PassageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sm.Passage

    document = factory.SubFactory(DocumentFactory)
    position = factory.Sequence(lambda n: n)
    start = 0
    text = factory.LazyAttribute(lambda p: p.document.text)
    end = factory.LazyAttribute(lambda p: len(p.text))


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Speaker
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Speaker {n}")


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Claim

    statement = factory.Sequence(lambda n: f"Unemployment fell to {n} percent in 2024.")
    speaker = factory.SubFactory(SpeakerFactory)
    checkworthiness = 0.8


class AppearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Appearance

    claim = factory.SubFactory(ClaimFactory)
    article = factory.SubFactory(ArticleFactory)
    speaker = factory.LazyAttribute(lambda a: a.claim.speaker)
    start = 0
    sentence = factory.LazyAttribute(lambda a: a.article.text)
    end = factory.LazyAttribute(lambda a: len(a.sentence))


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Evidence

    claim = factory.SubFactory(ClaimFactory)
    passage = factory.SubFactory(PassageFactory)
    score = 0.9
    rank = 1


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Verdict

    claim = factory.SubFactory(ClaimFactory)
    rating = factory.LazyFunction(lambda: cm.RatingLabel.objects.get(slug="false"))
    rationale = "Official statistics show otherwise."
    author = factory.SubFactory(UserFactory)
