"""Password validators whose messages Django's Vietnamese catalogue leaves in English."""

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length, told in Vietnamese (Django's `vi` catalogue misses this plural message)."""

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                self.get_error_message(), code="password_too_short", params={"min_length": self.min_length}
            )

    def get_error_message(self) -> str:
        return "Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự."

    def get_help_text(self) -> str:
        return f"Mật khẩu cần ít nhất {self.min_length} ký tự."
