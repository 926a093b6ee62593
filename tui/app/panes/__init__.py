"""The console's panes: one widget per tab (drift, review, migrations, apply), one file each."""
