"""Fitting customer-base models (sBG, BG/NBD, Gamma-Gamma) to a business's own data.

The fits start the simulator from real customers instead of invented ones, and reproducing the
published estimates on public data is one of the validation cases of docs/design.md.
"""
