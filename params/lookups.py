"""`in` on integer columns drops values outside the column's range, as Django (5.0+) already does
for `exact`, `gt` and the rest: such a value can match no row. Model forms' choice fields look
ids up with `pk__in`; without this, a 30-digit id reaches SQLite's driver, which raises
OverflowError (a server error on the embedded default), while PostgreSQL compares it as numeric.
Registered when the `params` app is ready."""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
