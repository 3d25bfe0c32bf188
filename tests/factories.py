import datetime

import factory
from django.contrib.auth import get_user_model

from assessment.models import Application, Cycle, Framework
from workflows.models import Membership


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = "Test"
    password = factory.PostGenerationMethodCall("set_password", "krppa-demo")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    framework = factory.LazyFunction(lambda: Framework.objects.get(slug="krppa-2025"))
    region_id = "63.71"
    year = 2026
    opens_on = datetime.date(2026, 1, 1)
    closes_on = datetime.date(2026, 12, 31)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    cycle = factory.SubFactory(CycleFactory)
    kelurahan_id = "63.71.02.1004"
