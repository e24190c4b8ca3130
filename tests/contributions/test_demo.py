"""The demo content puts approved and pending reactions under demo pages; a rerun adds none."""

import pytest
from django.core.management import call_command

from contributions.choices import ReactionStatus
from contributions.models import Reaction


@pytest.mark.django_db
class TestDemoReactions:
    def test_demo_reactions_are_loaded_once(self, home_page, client):
        call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
        reactions = list(Reaction.objects.select_related("page"))
        assert Reaction.objects.approved().count() >= 3
        assert Reaction.objects.pending().count() >= 2
        for reaction in reactions:
            assert reaction.page.specific.accepts_reactions
        first = sorted((r.page_id, r.author_name, r.status) for r in reactions)

        call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
        again = sorted((r.page_id, r.author_name, r.status) for r in Reaction.objects.all())
        assert again == first

        approved = Reaction.objects.approved().select_related("page").first()
        html = client.get(approved.page.url).content.decode()
        assert approved.author_name in html
        pending = Reaction.objects.filter(status=ReactionStatus.PENDING).first()
        assert pending.body.split("\n")[0] not in client.get(pending.page.url).content.decode()
