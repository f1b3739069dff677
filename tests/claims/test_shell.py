"""``manage.py shell``: the models are imported, simple_history's run-time models are not attempted."""

from __future__ import annotations

from django.core.management import call_command


def test_the_shell_imports_the_models_without_a_warning_about_historical_ones(capsys):
    call_command("shell", command="print(Claim.history.model.__name__)", verbosity=2)

    out, err = capsys.readouterr()
    assert "could not be automatically imported" not in out + err
    assert "from claims.models.claims import" in out
    assert out.rstrip().endswith("HistoricalClaim")
