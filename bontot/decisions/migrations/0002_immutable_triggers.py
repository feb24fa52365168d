"""Refuse an UPDATE of an issued decision's document fields (and of its entries) in the database itself.

Only the listed columns are guarded (`UPDATE OF`), so that `SET_NULL` on the author columns when a user
account is deleted still works. Deleting rows is left to PROTECT and the models: a test database flush on
SQLite deletes rows, and a trigger on DELETE would break it.
"""

from django.db import migrations

MESSAGE = "Quyết định đã ban hành không thể sửa; hãy ban hành quyết định mới thu hồi quyết định này."
GUARDED = {
    "decisions_decision": (
        "issuer_id, year, number, number_year, number_key, issued_on, place, signer_name, signer_title, signing_mode, "
        "issuer_name, superior_name, title, summary, recipients, revokes_id, revoke_reason"
    ),
    "decisions_decisionentry": "decision_id, assessment_id, member_id, organization_id, name, organization_name, position",
}


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, columns in GUARDED.items():
        if vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OF {columns} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
            )
        elif vendor == "postgresql":
            schema_editor.execute(
                f"CREATE OR REPLACE FUNCTION {table}_immutable() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation'; END; $$;"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OF {columns} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_immutable();"
            )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in GUARDED:
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable;")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table};")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_immutable();")


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
