"""Objective terms that share variables say so in code: the order they are encoded in does not matter."""
from rules import below_target, worst_below_target
from rules.instance import parse_instance
from solver.domain import build_domain
from solver.model import ScheduleModel
from tests.solver.tiny import tiny_document


def test_the_worst_shortfall_is_bounded_by_every_shortfall_whatever_the_order():
    instance = parse_instance(tiny_document())
    m = ScheduleModel(instance, build_domain(instance))

    worst = worst_below_target.encode(m)  # before below_target: it asks for the shortfalls itself
    below_target.encode(m)

    assert set(m.aux["below_target"]) == {"ana", "bia"}
    bounded = {str(ct) for ct in m.model.proto.constraints if worst.index in ct.linear.vars}
    assert len(bounded) == 2
