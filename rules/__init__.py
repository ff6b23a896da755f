"""The premissa catalogue: one module per rule, each with a checker that needs no solver.

This package never imports Django, Celery, Google or OR-Tools at module level
except in the `encode` functions, which receive the solver's model.
"""
