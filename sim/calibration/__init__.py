"""Fitting models to a business's own data.

Customer-base models (sBG, BG/NBD, Gamma-Gamma) start the simulator from real customers instead
of invented ones, and reproducing the published estimates on public data is one of the validation
cases of docs/design.md. A whole study is calibrated to observed series by `study` (a weighted
posterior sample of its [calibration] parameters) and scored on later rows by `backtest`.
"""
