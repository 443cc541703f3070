import pytest
from tests.collaboration.scenes import build_team_scene
pytestmark = pytest.mark.django_db

def test_smoke(client, world):
    s = build_team_scene(world)
    from trellis.collaboration import actions
    client.force_login(world.teacher)
    for url in ["/teams/", f"/teams/{s.team.pk}/", f"/teams/{s.team.pk}/pooled/{s.checkin.pk}/",
                f"/teams/{s.team.pk}/inquiries/new/", "/teams/practices/", "/teams/observations/",
                "/teams/trust/", f"/teams/{s.team.pk}/rounds/new/"]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.content[:2000])
    client.force_login(world.leader)
    for url in ["/teams/", f"/teams/{s.team.pk}/", "/teams/school/", "/teams/school/monitoring/", "/teams/school/summary/", "/teams/trust/"]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.content[:2000])
    print(client.get("/teams/school/").content.decode()[-3000:])
