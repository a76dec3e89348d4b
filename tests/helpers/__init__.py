"""What several test files share: small experiment files, a synthetic results folder, a workshop
server and its client, and the example studies run once per session. Test files import from here,
never from one another (tests/test_layout.py checks it)."""
