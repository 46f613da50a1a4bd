"""``netlog demo``: a sample network to try every command on."""

from __future__ import annotations

from netlog.cli import STATE, app, examples, open_db, say, settings, today


@app.command(
    epilog=examples("netlog --db /tmp/netlog-demo.db demo", "netlog --db /tmp/netlog-demo.db due")
)
def demo() -> None:
    """Fill an empty database with a sample network to try.

    The sample is an MS4 back from AAOS with mentors, a sponsor and follow-ups
    owed. Use --db with a new file to keep it apart from your own network.
    """
    from netlog.demo import load_demo

    db = open_db()
    count = load_demo(db, settings(), today())
    prefix = f"netlog --db {STATE.db_path}" if STATE.db_path else "netlog"
    say(
        f"Loaded a sample network of {count} people into {db.path}.\n"
        f"Try: {prefix} due · {prefix} week · {prefix} show patel"
    )
