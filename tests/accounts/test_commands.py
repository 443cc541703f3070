import pytest
from django.core.management import CommandError, call_command

from trellis.accounts.models import Role, User

pytestmark = pytest.mark.django_db


def test_createadmin_from_an_environment_variable(monkeypatch, world):
    monkeypatch.setenv("ADMIN_PW", "a long pass phrase")
    call_command("createadmin", "root", "--school", world.school.slug, "--password-env", "ADMIN_PW")
    admin = User.objects.get(username="root")
    assert admin.role == Role.ADMIN and admin.is_superuser and admin.school == world.school
    assert admin.check_password("a long pass phrase")


def test_createadmin_errors_say_what_to_do(monkeypatch, world):
    monkeypatch.setenv("ADMIN_PW", "x")
    with pytest.raises(CommandError, match="already exists"):
        call_command("createadmin", "teacher", "--password-env", "ADMIN_PW")
    with pytest.raises(CommandError, match="Known schools"):
        call_command("createadmin", "new", "--school", "nope", "--password-env", "ADMIN_PW")
    with pytest.raises(CommandError, match="EMPTY_VAR is empty or unset"):
        call_command("createadmin", "new", "--password-env", "EMPTY_VAR")
    assert not User.objects.filter(username="new").exists()
