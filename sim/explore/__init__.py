"""Exploratory modelling: designs over uncertainties, sensitivity, ranking and selection, optimising a lever.

Computation only; simulations run through sim.runner.execute and plots live in sim.explore.plots.
"""
