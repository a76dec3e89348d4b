"""Statistics on stored results: intervals, paired differences, survival, warm-up, advice."""
