"""`python manage.py seed_demo`: load the demo bundle and the demo logins; running it again changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from bontot.demo.data import build_demo_bundle
from bontot.demo.users import DEFAULT_PASSWORD, ensure_demo_users

APP_URL = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu (Đảng bộ xã Tam Thăng, Tam Phú, Tam Thanh năm 2024–2025) và tạo các tài khoản "
        "dùng thử; chạy lại không làm thay đổi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2024, help="hạt giống ngẫu nhiên của dữ liệu mẫu")
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="mật khẩu chung của các tài khoản dùng thử")
        parser.add_argument("--url", default=APP_URL, help="địa chỉ đăng nhập in ra cho người dùng thử")

    def handle(self, *args: Any, **options: Any) -> None:
        # Imported here so that the command lists (and its module imports) without the bundle app ready.
        from bontot.bundle.importer import BundleError, import_bundle

        bundle = build_demo_bundle(options["seed"])
        try:
            with transaction.atomic():
                summary = import_bundle(bundle, actor=None)
                logins = ensure_demo_users(password=options["password"])
        except BundleError as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(f"Dữ liệu mẫu có {len(exc.errors)} lỗi; không có gì được ghi.") from exc
        # Stored verdicts for the demo years, so that dashboards have something to read at once.
        from bontot.criteria.models import EvaluationYear
        from bontot.criteria.verdicts import refresh_verdicts

        for year in EvaluationYear.objects.order_by("year").values_list("year", flat=True):
            refresh_verdicts(year)
        # The 2024 cycle in the middle, through the workflow's services (their e-mails are not sent).
        from django.test.utils import override_settings

        from bontot.demo.showcase import ensure_demo_story
        from bontot.demo.workflow import describe, ensure_demo_workflow

        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            workflow = ensure_demo_workflow()
            ensure_demo_story()  # `tuyengiao` publishes a story about a member recognised by 15-QĐ/ĐU

        self.stdout.write(
            f"Đã nạp dữ liệu mẫu (seed {options['seed']}): {summary.created} thêm mới, "
            f"{summary.updated} cập nhật, {summary.unchanged} không thay đổi."
        )
        for line in describe(workflow):
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(f"Tài khoản dùng thử: đăng nhập tại {options['url']} (mỗi vai trò một tài khoản):")
        width = max(len("Tên đăng nhập"), *(len(login.username) for login in logins))
        pwidth = max(len("Mật khẩu"), *(len(login.password) for login in logins))
        self.stdout.write(f"  {'Tên đăng nhập'.ljust(width)}  {'Mật khẩu'.ljust(pwidth)}  Vai trò")
        for login in logins:
            who = f" ({login.full_name})" if login.full_name else ""
            self.stdout.write(f"  {login.username.ljust(width)}  {login.password.ljust(pwidth)}  {login.role}{who}")
